package dev.tcptest.internal;

/**
 * The threads the runtime starts: daemon platform threads, so that none keeps a JVM alive, and
 * the kernel shares the cores fairly between them and a test's own threads.
 */
public final class Threads {

    private Threads() {
    }

    /**
     * A daemon platform thread.
     *
     * @param name the thread's name
     * @param task what it runs
     * @return the unstarted thread
     */
    public static Thread daemonThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
