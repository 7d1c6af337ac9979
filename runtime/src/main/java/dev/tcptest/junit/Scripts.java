package dev.tcptest.junit;

import dev.tcptest.AcceptHandler;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Chat scripts for {@link WithTcpServer#script()}. */
final class Scripts {

    private Scripts() {
    }

    static AcceptHandler handler(String text, String name, String element) {
        throw new ExtensionConfigurationException(element + ": chat scripts are not available in this build");
    }
}
