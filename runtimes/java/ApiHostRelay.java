package net.openwhisk.runtime.java;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Actions reach the platform at __OW_API_HOST. When that is a loopback address and the platform mounted its API
 * socket (__OW_API_SOCKET), the same port inside this container is forwarded to the socket, so the URL works here
 * without the host's network (as the other runtimes' proxies do).
 */
final class ApiHostRelay {
    private ApiHostRelay() {
    }

    static void start(String apiHost, String apiSocket, int proxyPort) {
        if (apiSocket == null || apiSocket.isEmpty() || apiHost == null || apiHost.isEmpty()) {
            return;
        }

        URI target;
        try {
            target = URI.create(apiHost);
        } catch (IllegalArgumentException malformed) {
            return;
        }

        int port = target.getPort() >= 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
        if (!("127.0.0.1".equals(target.getHost()) || "localhost".equals(target.getHost())) || port == proxyPort) {
            return;
        }

        ServerSocketChannel listener;
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException unavailable) {
            System.err.println("API forwarding is not available: " + unavailable.getMessage());
            return;
        }

        Thread accepting = new Thread(() -> {
            while (true) {
                try {
                    relay(listener.accept(), apiSocket);
                } catch (IOException stopped) {
                    return;
                }
            }
        }, "api-relay");
        accepting.setDaemon(true);
        accepting.start();
    }

    private static void relay(SocketChannel client, String apiSocket) {
        SocketChannel upstream;
        try {
            upstream = SocketChannel.open(UnixDomainSocketAddress.of(apiSocket));
        } catch (IOException unavailable) {
            close(client, null);
            return;
        }

        pump(client, upstream);
        pump(upstream, client);
    }

    /** Copies one direction on a thread of its own; the end of it shuts the other side's output, a failure closes both. */
    private static void pump(SocketChannel from, SocketChannel to) {
        Thread copying = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException failed) {
                close(from, to);
            }
        }, "api-relay-pump");
        copying.setDaemon(true);
        copying.start();
    }

    private static void close(SocketChannel one, SocketChannel other) {
        for (SocketChannel channel : new SocketChannel[] { one, other }) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing is all that is left to do.
                }
            }
        }
    }
}
