package dev.tcptest.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER encodings (ITU-T X.690) an X.509 certificate needs, each method returning one
 * complete tag-length-value, and the reading of a constructed value's parts. Only what a
 * certificate uses: low tag numbers, definite lengths.
 */
public final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on (and before 1950). */
    private static final Instant UTC_TIME_FROM = Instant.parse("1950-01-01T00:00:00Z");
    private static final Instant UTC_TIME_UNTIL = Instant.parse("2050-01-01T00:00:00Z");

    private Der() {
    }

    /**
     * One value: its tag, its length and its content.
     *
     * @param tag the identifier octet, such as {@code 0x30} for a SEQUENCE
     * @param content the content octets
     * @return the encoding
     */
    public static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /**
     * A SEQUENCE of values already encoded.
     *
     * @param elements the encoded elements, in order
     * @return the encoding
     */
    public static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    /**
     * A SET of one or more values already encoded, in the order given (a certificate's names
     * hold one value per set, for which DER's sorting is moot).
     *
     * @param elements the encoded elements
     * @return the encoding
     */
    public static byte[] set(byte[]... elements) {
        return tlv(SET, concat(elements));
    }

    /**
     * An INTEGER, in the fewest octets of two's complement.
     *
     * @param value the value
     * @return the encoding
     */
    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    /**
     * A BOOLEAN, TRUE as {@code 0xFF} as DER requires.
     *
     * @param value the value
     * @return the encoding
     */
    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    /**
     * An OBJECT IDENTIFIER.
     *
     * @param dotted such as {@code 2.5.29.17}
     * @return the encoding
     * @throws IllegalArgumentException if it has fewer than two arcs or an arc is not a number
     */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an object identifier has two arcs or more, was '" + dotted + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("an object identifier's arcs are not negative, was " + value);
        }
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int group = groups - 1; group >= 0; group--) {
            int septet = (int) (value >>> (group * 7)) & 0x7F;
            out.write(group == 0 ? septet : septet | 0x80);
        }
    }

    /**
     * An OCTET STRING.
     *
     * @param content the octets
     * @return the encoding
     */
    public static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /**
     * A BIT STRING of whole octets, such as a signature.
     *
     * @param content the octets
     * @return the encoding, with no unused bits
     */
    public static byte[] bitString(byte[] content) {
        byte[] bits = new byte[content.length + 1];
        System.arraycopy(content, 0, bits, 1, content.length);
        return tlv(BIT_STRING, bits);
    }

    /**
     * A BIT STRING of named bits, such as a key usage: bit 0 is the first octet's highest bit,
     * and, as DER requires, the string ends with its last bit set.
     *
     * @param bits the numbers of the bits set, at least one
     * @return the encoding
     */
    public static byte[] namedBits(int... bits) {
        int last = 0;
        for (int bit : bits) {
            last = Math.max(last, bit);
        }
        byte[] content = new byte[last / 8 + 2];
        content[0] = (byte) (7 - last % 8);
        for (int bit : bits) {
            content[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return tlv(BIT_STRING, content);
    }

    /**
     * A UTF8String.
     *
     * @param text the text
     * @return the encoding
     */
    public static byte[] utf8String(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A certificate's time, to the second: UTCTime from 1950 through 2049, GeneralizedTime
     * otherwise, as RFC 5280 asks.
     *
     * @param time the time, between the years 0 and 9999; its fraction of a second is dropped
     * @return the encoding
     */
    public static byte[] time(Instant time) {
        boolean utc = !time.isBefore(UTC_TIME_FROM) && time.isBefore(UTC_TIME_UNTIL);
        LocalDateTime at = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        // Written by hand: a DateTimeFormatter is slow to first use, and a cold JVM's first certificate pays for it.
        StringBuilder text = new StringBuilder(15);
        digits(text, utc ? at.getYear() % 100 : at.getYear(), utc ? 2 : 4);
        for (int field : new int[] {at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond()}) {
            digits(text, field, 2);
        }
        text.append('Z');
        return tlv(utc ? UTC_TIME : GENERALIZED_TIME, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        text.append("0".repeat(width - number.length())).append(number);
    }

    /**
     * A context-specific tag around a whole encoded value: {@code [n] EXPLICIT}.
     *
     * @param number the tag number, 0 to 30
     * @param element the encoded value
     * @return the encoding
     */
    public static byte[] explicit(int number, byte[] element) {
        return tlv(0xA0 | number, element);
    }

    /**
     * A context-specific tag in place of a primitive value's own: {@code [n] IMPLICIT}.
     *
     * @param number the tag number, 0 to 30
     * @param content the value's content octets
     * @return the encoding
     */
    public static byte[] implicit(int number, byte[] content) {
        return tlv(0x80 | number, content);
    }

    /**
     * The content octets of one value.
     *
     * @param encoding a value's complete encoding
     * @return what follows its tag and length
     * @throws IllegalArgumentException if its length does not match its size
     */
    public static byte[] content(byte[] encoding) {
        int[] header = header(encoding, 0);
        if (header[0] + header[1] != encoding.length) {
            throw new IllegalArgumentException("the DER value is " + encoding.length + " octets, its header says "
                    + (header[0] + header[1]));
        }
        return Arrays.copyOfRange(encoding, header[0], encoding.length);
    }

    /**
     * The values a constructed value, such as a SEQUENCE, holds.
     *
     * @param encoding a constructed value's complete encoding
     * @return each part's complete encoding, in order
     * @throws IllegalArgumentException if a part's length runs past the end
     */
    public static List<byte[]> parts(byte[] encoding) {
        byte[] content = content(encoding);
        List<byte[]> parts = new ArrayList<>();
        int offset = 0;
        while (offset < content.length) {
            int[] header = header(content, offset);
            int end = offset + header[0] + header[1];
            if (end > content.length) {
                throw new IllegalArgumentException("a DER part at offset " + offset + " runs past the end");
            }
            parts.add(Arrays.copyOfRange(content, offset, end));
            offset = end;
        }
        return parts;
    }

    /** The header's size and the content's length of the value at offset. */
    private static int[] header(byte[] der, int offset) {
        if (der.length - offset < 2) {
            throw new IllegalArgumentException("a DER value needs two octets at least, has " + (der.length - offset));
        }
        int first = der[offset + 1] & 0xFF;
        if (first < 0x80) {
            return new int[] {2, first};
        }
        int octets = first & 0x7F;
        if (octets == 0 || octets > 3 || der.length - offset < 2 + octets) {
            throw new IllegalArgumentException("a DER length of " + octets + " octets is not read here");
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xFF);
        }
        return new int[] {2 + octets, length};
    }

    private static byte[] concat(byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            out.writeBytes(element);
        }
        return out.toByteArray();
    }
}
