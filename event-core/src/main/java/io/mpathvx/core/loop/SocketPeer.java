package io.mpathvx.core.loop;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.vertx.core.http.HttpConnection;

/**
 * Who is at the other end of a Unix-socket connection (SO_PEERCRED, a getsockopt, no I/O). Vert.x has no public
 * call for it: its connection class exposes the Netty channel, whose epoll domain socket has one. Beside FdPoller
 * because both adapt to Vert.x/Netty internals, which change between releases.
 */
public final class SocketPeer {
    /** The peer process's pid, uid and groups. */
    public record Credentials(int pid, int uid, int[] gids) {
    }

    private SocketPeer() {
    }

    /** The peer of {@code connection}, or null when it is not a Unix socket or the kernel does not say. */
    public static Credentials of(HttpConnection connection) {
        if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase c)) return null;
        Channel ch = c.channel();
        if (!(ch instanceof EpollDomainSocketChannel ds)) return null;
        try {
            PeerCredentials p = ds.peerCredentials();
            return new Credentials(p.pid(), p.uid(), p.gids());
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
