package io.smsgateway.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The check of a client's statusCallback URL, against SSRF: an absolute https URL (http only when
 * allowed) of at most 2,048 characters, without user-info, whose host — a name or a literal IP —
 * resolves only to public addresses: never loopback, private (RFC 1918, fc00::/7), link-local
 * (169.254/16 with the cloud metadata address, fe80::/10), unspecified, multicast, carrier-grade
 * NAT (100.64/10), nor an IPv4 one hidden in IPv6 (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96 NAT64,
 * 2002::/16 6to4) — unless private targets are allowed. The parser checks it when the send comes,
 * and the delivery again before each attempt, connecting only to an address that passed.
 */
public final class CallbackTargets {

    public static final int MAX_LENGTH = 2048;

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;

    /** Names to addresses; the system's resolver, or a test's. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public CallbackTargets(boolean allowHttp, boolean allowPrivate) {
        this(allowHttp, allowPrivate, InetAddress::getAllByName);
    }

    CallbackTargets(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** A refused URL, with why in words a client can act on (never quoting the URL). */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The URL parsed and its form checked (no resolution). */
    public URI parse(String url) throws Refused {
        if (url.length() > MAX_LENGTH) {
            throw new Refused("must be at most " + MAX_LENGTH + " characters (got " + url.length() + ")");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new Refused("must be an absolute https URL");
        }
        if ("http".equals(scheme) && !allowHttp) {
            throw new Refused("must use https (plain http only when the gateway sets SMS_ALLOW_HTTP_CALLBACKS=true)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new Refused("must not carry user-info (user:password@)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not carry a fragment (#...)");
        }
        return uri;
    }

    /**
     * The host's addresses, every one of them checked: the ones to connect to. Blocks while the
     * name is resolved.
     */
    public List<InetAddress> addresses(URI uri) throws Refused {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("names a host that does not resolve");
        }
        if (resolved.length == 0) {
            throw new Refused("names a host that does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : resolved) {
                if (!isPublic(address)) {
                    throw new Refused("must not lead to a loopback, private, link-local, multicast or otherwise "
                            + "non-public address");
                }
            }
        }
        return List.of(resolved);
    }

    /** {@link #parse} then {@link #addresses}: the check a send gets. */
    public URI check(String url) throws Refused {
        URI uri = parse(url);
        addresses(uri);
        return uri;
    }

    /** Whether an address may be called: none of the ranges SSRF aims at. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0x80 || first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fe80::/10, fec0::/10
                return false;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4: the IPv4 inside
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (mapped || compatible || nat64) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0                                  // 0/8 this network, 0.0.0.0
                || a0 == 10                               // 10/8
                || a0 == 127                              // loopback
                || a0 == 100 && (a1 & 0xc0) == 64         // 100.64/10 carrier-grade NAT
                || a0 == 169 && a1 == 254                 // link-local, cloud metadata
                || a0 == 172 && (a1 & 0xf0) == 16         // 172.16/12
                || a0 == 192 && a1 == 168                 // 192.168/16
                || a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 // 192.0.0/24 IETF protocol assignments
                || a0 == 198 && (a1 & 0xfe) == 18         // 198.18/15 benchmarking
                || a0 >= 224);                            // multicast, reserved, broadcast
    }

    /** What a log line may say of a URL: its scheme and host, never its path or query (they may hold tokens). */
    public static String loggable(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost();
        } catch (URISyntaxException | RuntimeException e) {
            return "(unreadable URL)";
        }
    }
}
