package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;

/**
 * Apache Commons Net's {@code FTPClient} reads the greeting of the plugin's {@code ftp} server,
 * logs in, asks for the working directory and logs out; the server plays
 * {@code src/test/resources/ftp.chat}, whose {@code expect} lines check the user name, the
 * password and each command.
 */
class FtpIT {

    @Test
    void readsTheGreetingAndLogsIn() throws Exception {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(5000);
        ftp.setDefaultTimeout(5000);
        try {
            ftp.connect(PluginServers.host("ftp"), PluginServers.port("ftp"));
            assertEquals(220, ftp.getReplyCode());
            assertEquals("220 ftp.example.org ready", ftp.getReplyString().strip());

            assertTrue(ftp.login("alice", "secret"), ftp.getReplyString());
            assertEquals(230, ftp.getReplyCode());
            assertEquals("/home/alice", ftp.printWorkingDirectory());

            assertTrue(ftp.logout(), ftp.getReplyString());
            assertEquals(221, ftp.getReplyCode());
        } finally {
            ftp.disconnect();
        }
    }
}
