package io.posdb.changelog;

import io.posdb.database.HostName;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import liquibase.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liquibase names the host in its lock row ({@code LOCKEDBY}), found once per process when its SQL generators are
 * first loaded ({@code LockDatabaseChangeLogGenerator}, through {@link NetUtil}): NetUtil takes the first LAN address
 * and asks the resolver for its name, a reverse DNS query. On a till whose shop network is up but whose DNS server
 * does not answer (the router is down), every upgrade boot waited for it, 5 to 15 seconds. Liquibase has no setting
 * for it, so NetUtil's two cached values are given before its first use: posdb's own host name ({@link HostName},
 * read without a resolver on Linux) and the address NetUtil would pick, read from the interfaces, which asks no
 * name service. Should a later Liquibase rename those fields, nothing breaks: NetUtil then asks the resolver, as
 * before (said at debug level).
 */
final class LiquibaseHostName {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseHostName.class);

    private LiquibaseHostName() {
    }

    /** Gives NetUtil the host's name and address unless it has found them already; at most once per process. */
    static synchronized void giveWithoutTheResolver() {
        try {
            Field name = NetUtil.class.getDeclaredField("hostName");
            Field localHost = NetUtil.class.getDeclaredField("localHost");
            name.setAccessible(true);
            localHost.setAccessible(true);
            if (name.get(null) == null && localHost.get(null) == null) {
                // An InetAddress made from a name and an address asks no name service, now or when asked its name.
                localHost.set(null, InetAddress.getByAddress(HostName.value(), address().getAddress()));
                name.set(null, HostName.value());
            }
        } catch (ReflectiveOperationException | RuntimeException | SocketException | UnknownHostException e) {
            log.debug("Liquibase finds the host's name itself (it may ask the resolver): {}", e.toString());
        }
    }

    /** As NetUtil picks it: the first address of an interface that is up, neither loopback nor link-local. */
    private static InetAddress address() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isPointToPoint()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        }
        return InetAddress.getLoopbackAddress();
    }
}
