package dev.tcptest.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Netty 4.2's echo example: one acceptor loop, one worker loop per core, native epoll when the
 * platform has it (NIO with {@code -Dbench.netty=nio}). Stopping skips Netty's default 2 s quiet
 * period, as a test would. Given an {@link SSLContext}, each connection gets an {@link SslHandler}
 * over that context's own {@link SSLEngine} in front of the echo: Netty's TLS with the JDK's engine.
 */
final class NettyEchoServer implements EchoServer {

    static final String NAME = "netty";

    /** Whether the native epoll transport is used, else NIO. */
    static final boolean EPOLL = !"nio".equals(System.getProperty("bench.netty")) && Epoll.isAvailable();

    private final SSLContext tls;
    private final AtomicLong accepted = new AtomicLong();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    NettyEchoServer() {
        this(null);
    }

    /**
     * A server that speaks TLS from the first byte with the context's key, or plain for null.
     *
     * @param tls the server context, or null
     */
    NettyEchoServer(SSLContext tls) {
        this.tls = tls;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int start() throws InterruptedException {
        accepted.set(0);
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(io);
        EchoHandler handler = new EchoHandler(accepted);
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(tls == null ? handler : new TlsInitializer(tls, handler))
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void stop() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }

    @Override
    public long accepted() {
        return accepted.get();
    }

    /** Puts a server-mode {@link SslHandler} of its own before the shared echo on each connection. */
    private static final class TlsInitializer extends ChannelInitializer<Channel> {

        private final SSLContext context;
        private final EchoHandler echo;

        TlsInitializer(SSLContext context, EchoHandler echo) {
            this.context = context;
            this.echo = echo;
        }

        @Override
        protected void initChannel(Channel channel) {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            channel.pipeline().addLast(new SslHandler(engine), echo);
        }
    }

    /** Writes back what it reads; on the client's FIN it flushes and closes, as the other servers do. */
    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {

        private final AtomicLong accepted;

        EchoHandler(AtomicLong accepted) {
            this.accepted = accepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            // Back-pressure: stop reading while the client is slower than the echo.
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
