package dev.tcptest.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import dev.tcptest.TcpServer;
import dev.tcptest.junit.WithTcpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Eclipse Paho, an MQTT client with its keep-alive on, against {@code mqtt.chat}: a binary
 * protocol whose requests come in no fixed order, answered by {@code on bytes} rules. The client
 * connects, publishes, stays connected until its keep-alive has sent a PINGREQ and had its
 * PINGRESP, then disconnects.
 */
@WithTcpServer(script = "mqtt.chat")
class MqttIT {

    private static final String PINGREQ = "c000";
    private static final String PINGRESP = "d000";

    @Test
    void keepAlivePingsAreAnsweredUntilTheClientDisconnects(TcpServer server) throws Exception {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        MqttClient client = new MqttClient("tcp://" + server.host() + ":" + server.port(), "tcptest-it", new MemoryPersistence());
        client.setCallback(new LostConnection(lost));
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(1);   // seconds: a PINGREQ after one second without other packets
        try {
            client.connect(options);
            client.publish("sensors/temp", "21.5".getBytes(StandardCharsets.US_ASCII), 0, false);
            awaitPingAnswered(server);
            assertTrue(client.isConnected(), "the client keeps the connection its PINGREQ was answered on");
            client.disconnect();
        } finally {
            client.close();
        }
        assertNull(lost.get(), "the client never lost its connection");

        RecordedConnection mqtt = server.takeConnection(Duration.ofSeconds(5));
        assertNotNull(mqtt, "no connection finished within 5 s");
        assertNull(mqtt.error(), mqtt::transcript);   // every byte the client sent matched the script
        assertEquals(CloseReason.CLOSED, mqtt.closeReason(), mqtt::transcript);
        String received = HexFormat.of().formatHex(mqtt.received());
        assertTrue(received.contains(PINGREQ), received);
        assertTrue(received.endsWith("e000"), "the last packet is the DISCONNECT: " + received);
        byte[] connack = {0x20, 0x02, 0x00, 0x00};
        byte[] sent = mqtt.sent();
        assertArrayEquals(connack, Arrays.copyOf(sent, 4), mqtt::transcript);
        assertTrue(HexFormat.of().formatHex(sent).substring(8).matches("(" + PINGRESP + ")+"), mqtt::transcript);
    }

    /** Waits until the server has answered a PINGREQ on the open connection: the keep-alive ran. */
    private static void awaitPingAnswered(TcpServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (RecordedConnection open : server.connections()) {
                if (HexFormat.of().formatHex(open.sent()).contains(PINGRESP)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the client sent no PINGREQ within 10 s; the server has " + server.connections());
    }

    /** Keeps why the client lost its connection, if it did. */
    private record LostConnection(AtomicReference<Throwable> cause) implements MqttCallback {

        @Override
        public void connectionLost(Throwable why) {
            cause.set(why);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // This client subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 0: nothing to track.
        }
    }
}
