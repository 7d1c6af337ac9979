package dev.tcptest.internal;

import java.util.Arrays;

/**
 * Append-only bytes kept in blocks that are never moved: appending copies each byte once (no
 * array doubling, no block large enough to be a humongous object for the collector), and a
 * {@link Snapshot} shares the blocks instead of copying them, since bytes before its length never
 * change. Not thread-safe; the {@link Recorder} guards it.
 */
final class ByteLog {

    private static final int FIRST_BLOCK = 256;
    private static final int LARGEST_BLOCK = 64 * 1024;
    private static final byte[][] NO_BLOCKS = new byte[0][];

    private byte[][] blocks = NO_BLOCKS;
    private int blockCount;
    private int length;
    private int lastFill;

    /**
     * Appends bytes.
     *
     * @param bytes the buffer
     * @param offset where the bytes start
     * @param count how many
     */
    void append(byte[] bytes, int offset, int count) {
        while (count > 0) {
            if (blockCount == 0 || lastFill == blocks[blockCount - 1].length) {
                addBlock();
            }
            byte[] last = blocks[blockCount - 1];
            int n = Math.min(count, last.length - lastFill);
            System.arraycopy(bytes, offset, last, lastFill, n);
            lastFill += n;
            length += n;
            offset += n;
            count -= n;
        }
    }

    private void addBlock() {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(8, blockCount * 2));
        }
        // Each block as large as everything before it, from 256 bytes up to 64 KiB.
        blocks[blockCount++] = new byte[Math.min(LARGEST_BLOCK, Math.max(FIRST_BLOCK, length))];
        lastFill = 0;
    }

    /** @return how many bytes were appended */
    int length() {
        return length;
    }

    /**
     * The bytes appended so far, sharing the blocks.
     *
     * @return the snapshot
     */
    Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(blocks, blockCount), length);
    }

    /** A fixed prefix of a log; its bytes are copied into one array only when asked for. */
    static final class Snapshot {

        /** No bytes. */
        static final Snapshot EMPTY = new Snapshot(NO_BLOCKS, 0);

        private final byte[][] blocks;
        private final int length;
        private byte[] flat;

        private Snapshot(byte[][] blocks, int length) {
            this.blocks = blocks;
            this.length = length;
        }

        /**
         * A snapshot of bytes that are already one array, which it keeps.
         *
         * @param bytes the bytes, not to be changed afterwards
         * @return the snapshot
         */
        static Snapshot of(byte[] bytes) {
            Snapshot snapshot = new Snapshot(new byte[][] {bytes}, bytes.length);
            snapshot.flat = bytes;
            return snapshot;
        }

        /** @return how many bytes the snapshot holds */
        int length() {
            return length;
        }

        /**
         * The bytes as one array, made on the first call and shared afterwards; callers must not
         * change it.
         *
         * @return the bytes
         */
        synchronized byte[] bytes() {
            if (flat == null) {
                byte[] joined = new byte[length];
                int at = 0;
                for (byte[] block : blocks) {
                    int n = Math.min(block.length, length - at);
                    System.arraycopy(block, 0, joined, at, n);
                    at += n;
                    if (at == length) {
                        break;
                    }
                }
                flat = joined;
            }
            return flat;
        }
    }
}
