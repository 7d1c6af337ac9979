package dev.tcptest.internal.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The DER encodings against X.690's examples and the JDK's own reading of them. */
class DerTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    @Test
    void lengthsUpTo127TakeOneOctetAndLongerOnesSayHowManyFollow() {
        assertEquals("04 00", hex(Der.octetString(new byte[0])));
        assertEquals("04 7f", hex(Der.octetString(new byte[127])).substring(0, 5));
        assertEquals("04 81 80", hex(Der.octetString(new byte[128])).substring(0, 8));
        assertEquals("04 82 01 00", hex(Der.octetString(new byte[256])).substring(0, 11));
        assertEquals("04 83 01 00 00", hex(Der.octetString(new byte[65536])).substring(0, 14));
        assertEquals(65536 + 5, Der.octetString(new byte[65536]).length);
    }

    @Test
    void integersTakeTheFewestOctetsOfTwosComplement() {
        assertEquals("02 01 00", hex(Der.integer(BigInteger.ZERO)));
        assertEquals("02 01 7f", hex(Der.integer(BigInteger.valueOf(127))));
        assertEquals("02 02 00 80", hex(Der.integer(BigInteger.valueOf(128))));
        assertEquals("02 02 01 00", hex(Der.integer(BigInteger.valueOf(256))));
        assertEquals("02 01 ff", hex(Der.integer(BigInteger.valueOf(-1))));
    }

    @Test
    void objectIdentifiersJoinTheFirstTwoArcsAndWriteTheRestInBase128() {
        assertEquals("06 03 55 1d 11", hex(Der.oid("2.5.29.17")));
        assertEquals("06 06 2a 86 48 86 f7 0d", hex(Der.oid("1.2.840.113549")));
        assertEquals("06 08 2a 86 48 ce 3d 04 03 02", hex(Der.oid("1.2.840.10045.4.3.2")));
        assertEquals("06 08 2b 06 01 05 05 07 03 01", hex(Der.oid("1.3.6.1.5.5.7.3.1")));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("2"));
    }

    @Test
    void namedBitStringsEndWithTheirLastBitSet() {
        assertEquals("03 02 07 80", hex(Der.namedBits(0)));
        assertEquals("03 02 03 88", hex(Der.namedBits(0, 4)));
        assertEquals("03 02 01 06", hex(Der.namedBits(5, 6)));
        assertEquals("03 03 07 00 80", hex(Der.namedBits(8)));
        assertEquals("03 03 00 01 02", hex(Der.bitString(new byte[] {1, 2})));
    }

    @Test
    void booleansStringsAndTags() {
        assertEquals("01 01 ff", hex(Der.bool(true)));
        assertEquals("01 01 00", hex(Der.bool(false)));
        assertEquals("0c 02 c3 a9", hex(Der.utf8String("\u00e9")));
        assertEquals("30 00", hex(Der.sequence()));
        assertEquals("31 06 02 01 01 02 01 02", hex(Der.set(Der.integer(BigInteger.ONE), Der.integer(BigInteger.TWO))));
        assertEquals("a3 03 02 01 02", hex(Der.explicit(3, Der.integer(BigInteger.TWO))));
        assertEquals("82 09 6c 6f 63 61 6c 68 6f 73 74",
                hex(Der.implicit(2, "localhost".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void timesAreUtcTimeThrough2049AndGeneralizedTimeOtherwise() {
        assertTime(0x17, "491231235959Z", "2049-12-31T23:59:59Z");
        assertTime(0x17, "500101000000Z", "1950-01-01T00:00:00Z");
        assertTime(0x17, "261207040520Z", "2026-12-07T04:05:20.999Z");
        assertTime(0x18, "20500101000000Z", "2050-01-01T00:00:00Z");
        assertTime(0x18, "19491231235959Z", "1949-12-31T23:59:59Z");
        assertTime(0x18, "99981231235959Z", "9998-12-31T23:59:59Z");
    }

    private static void assertTime(int tag, String text, String instant) {
        byte[] encoded = Der.time(Instant.parse(instant));
        assertEquals(tag, encoded[0], instant);
        assertEquals(text, new String(Der.content(encoded), StandardCharsets.US_ASCII), instant);
    }

    @Test
    void aConstructedValueReadsBackAsItsParts() {
        byte[] first = Der.integer(BigInteger.valueOf(300));
        byte[] second = Der.octetString(new byte[200]);
        byte[] third = Der.sequence();
        List<byte[]> parts = Der.parts(Der.sequence(first, second, third));
        assertEquals(3, parts.size());
        assertArrayEquals(first, parts.get(0));
        assertArrayEquals(second, parts.get(1));
        assertArrayEquals(third, parts.get(2));
        assertArrayEquals(new byte[200], Der.content(second));
    }

    @Test
    void aLengthThatDoesNotMatchTheOctetsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Der.content(hex("04 05 01 02")));
        assertThrows(IllegalArgumentException.class, () -> Der.parts(hex("30 04 04 05 01 02")));
        assertThrows(IllegalArgumentException.class, () -> Der.content(hex("04")));
    }

    @Test
    void theJdkReadsANameAsTheCommonNameGiven() {
        byte[] name = CertificateLayout.name("tcptest throwaway CA 1a2b, \"quoted\" + \u00e9");
        assertEquals("tcptest throwaway CA 1a2b, \"quoted\" + \u00e9",
                new X500Principal(name).getName(X500Principal.RFC2253).replaceFirst("^CN=", "")
                        .replace("\\,", ",").replace("\\\"", "\"").replace("\\+", "+"));
        assertArrayEquals(name, new X500Principal(name).getEncoded());
    }
}
