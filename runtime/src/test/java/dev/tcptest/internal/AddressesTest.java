package dev.tcptest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The IPv4 literals read without the resolver, and the formatting of addresses. */
class AddressesTest {

    @Test
    void dottedQuadsReadAsTheResolverReadsThem() throws Exception {
        for (String text : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.12.9", "192.168.100.200"}) {
            InetAddress read = Addresses.ipv4Literal(text);
            assertEquals(InetAddress.getByName(text), read, text);
            assertEquals(text, Addresses.host(read), text);
        }
    }

    @Test
    void everyOtherFormIsLeftToTheResolver() {
        for (String text : new String[] {"", ".", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.00.3.4", "1..2.3",
                "1.2.3.4.", ".1.2.3", "1234.1.1.1", "a.b.c.d", "1.2.3.x", "::1", "::ffff:127.0.0.1", "localhost",
                " 1.2.3.4", "1.2.3.-4"}) {
            assertNull(Addresses.ipv4Literal(text), "'" + text + "'");
        }
    }

    @Test
    void formatsIpv6InBracketsAndNullAsAQuestionMark() throws Exception {
        assertEquals("127.0.0.1:80", Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)));
        assertEquals("[0:0:0:0:0:0:0:1]:8080", Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
        assertEquals("?", Addresses.format(null));
    }
}
