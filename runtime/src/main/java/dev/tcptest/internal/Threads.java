package dev.tcptest.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Creates the threads that serve connections: daemon platform threads, and virtual threads
 * where the JVM has them (21+) for what a platform thread should not carry (connections past
 * the platform limit, a proxy's helpers). Neither kind keeps a JVM alive. Setting the system
 * property {@code tcptest.platformThreads} to {@code true} makes every thread a platform one.
 */
public final class Threads {

    private static final MethodHandle OF_VIRTUAL = findOfVirtual();

    private Threads() {
    }

    /**
     * Whether this JVM has virtual threads and tcptest may use them.
     *
     * @return true on JDK 21 and later, unless {@code tcptest.platformThreads} is true
     */
    public static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /**
     * An unstarted thread for one connection (virtual if available).
     *
     * @param name the thread's name
     * @param task what it runs
     * @return the unstarted thread
     */
    public static Thread connectionThread(String name, Runnable task) {
        if (OF_VIRTUAL != null) {
            try {
                return (Thread) OF_VIRTUAL.invoke(name, task);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create a virtual thread", e);
            }
        }
        return daemonThread(name, task);
    }

    /**
     * An unstarted daemon platform thread.
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

    private static MethodHandle findOfVirtual() {
        if (Boolean.getBoolean("tcptest.platformThreads")) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            MethodHandle unstarted = lookup.findVirtual(builder, "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
            // (name, task) -> Thread.ofVirtual().name(name).unstarted(task)
            MethodHandle named = MethodHandles.filterReturnValue(
                    MethodHandles.collectArguments(name, 0, ofVirtual.asType(MethodType.methodType(builder))),
                    MethodHandles.identity(builder));
            MethodHandle result = MethodHandles.collectArguments(unstarted, 0, named);
            return result.asType(MethodType.methodType(Thread.class, String.class, Runnable.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
