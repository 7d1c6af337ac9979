package dev.tcptest.internal;

/**
 * What a handler may need to know of the connection its thread serves beyond {@code Connection}:
 * its number in the server's run, which a script's {@code [connection N]} sections count.
 * {@code Connection.id()} goes on counting over a restart; this number starts again at 1.
 */
public final class Serving {

    private static final ThreadLocal<Long> NUMBER_IN_RUN = new ThreadLocal<>();

    private Serving() {
    }

    static void begin(long numberInRun) {
        NUMBER_IN_RUN.set(numberInRun);
    }

    static void end() {
        NUMBER_IN_RUN.remove();
    }

    /**
     * The number of the connection the calling thread serves, counted from 1 in its server's run.
     *
     * @return the number, or 0 if the thread serves no connection of a server
     */
    public static long numberInRun() {
        Long number = NUMBER_IN_RUN.get();
        return number == null ? 0 : number;
    }
}
