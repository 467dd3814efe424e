package dev.ocireg.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * Where containers find the machine the registry runs on, worked out without talking to Docker: on Linux, the
 * address of the {@code docker0} bridge (the default network's gateway, 172.17.0.1 unless the daemon was told
 * otherwise); where there is no such bridge in this network namespace (Docker Desktop, a VM, a remote daemon), the
 * name Docker Desktop gives the host, {@code host.docker.internal}.
 */
public final class ContainerNetwork {
    /** The name Docker Desktop (and {@code --add-host=host.docker.internal:host-gateway}) gives the host. */
    public static final String HOST_DOCKER_INTERNAL = "host.docker.internal";

    /** The interface the Docker daemon creates for its default bridge network on Linux. */
    static final String BRIDGE_INTERFACE = "docker0";

    private ContainerNetwork() {}

    /**
     * The IPv4 address of {@code docker0} on this machine, if there is such an interface. (Whether it is "running"
     * does not matter: the bridge has no carrier while no container is attached, and still takes connections.)
     */
    public static Optional<String> bridgeGateway() {
        try {
            NetworkInterface bridge = NetworkInterface.getByName(BRIDGE_INTERFACE);
            if (bridge == null) {
                return Optional.empty();
            }
            return bridge.inetAddresses()
                    .filter(address -> address instanceof Inet4Address)
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} means every interface ({@code 0.0.0.0}, {@code ::}). */
    public static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    /** Whether {@code address} is a loopback address or {@code localhost}. */
    public static boolean isLoopback(String address) {
        String bare =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }
}
