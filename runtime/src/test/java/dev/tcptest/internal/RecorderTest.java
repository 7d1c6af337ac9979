package dev.tcptest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder keeps every byte up to its limit, in order, across its storage blocks. */
class RecorderTest {

    @Test
    void keepsEveryByteInOrderAcrossBlocksOfEverySize() {
        Recorder recorder = new Recorder(1024 * 1024);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int value = 0;
        for (int size : new int[] {1, 255, 2, 1000, 70_000, 3, 200_000}) {
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = (byte) value++;
            }
            recorder.received(chunk, 0, size);
            expected.write(chunk, 0, size);
        }
        Recording recording = recorder.snapshot();
        assertArrayEquals(expected.toByteArray(), recording.received());
        assertEquals(expected.size(), recording.receivedCount());
        assertFalse(recording.isTruncated());
    }

    @Test
    void aSnapshotKeepsItsBytesWhileRecordingGoesOn() {
        Recorder recorder = new Recorder(1024);
        recorder.sent(new byte[] {1, 2, 3}, 0, 3);
        Recording before = recorder.snapshot();
        recorder.sent(new byte[] {4, 5}, 0, 2);
        recorder.received(new byte[] {9}, 0, 1);

        assertArrayEquals(new byte[] {1, 2, 3}, before.sent());
        Recording after = recorder.snapshot();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, after.sent());
        assertEquals(List.of(new Recording.Turn(Recorder.Direction.SERVER, 0, 5),
                new Recording.Turn(Recorder.Direction.CLIENT, 0, 1)), after.turns());
    }

    @Test
    void pastTheLimitOnlyTheCountGoesOn() {
        Recorder recorder = new Recorder(300);
        recorder.received(new byte[200], 0, 200);
        recorder.received(new byte[200], 0, 200);

        Recording recording = recorder.snapshot();
        assertEquals(300, recording.received().length);
        assertEquals(400, recording.receivedCount());
        assertTrue(recording.isTruncated());
    }
}
