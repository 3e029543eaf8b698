package org.kindred.neo4jlocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Starts one Neo4j Community DBMS for Kindred: Bolt on 127.0.0.1 only (a given or a free port),
 * HTTP off, authentication on, data under a given home folder.
 *
 * <p>The password of user {@code neo4j} is read from the first line of stdin, or from a file
 * readable by its owner only ({@code --password-file}); never from the command line, so it
 * stays out of the process list. Before the very first start it becomes the initial password
 * (no moment with the default one); on later starts it is set again if it differs.
 *
 * <p>Prints exactly one line on stdout, {@code ready bolt://127.0.0.1:<port>}, once Bolt accepts
 * connections (everything else goes to stderr and to {@code <home>/logs/debug.log}). Shuts the
 * DBMS down cleanly on SIGTERM/SIGINT, and when stdin reaches end of file: the owning process
 * keeps the pipe open, so its death ends the DBMS too.
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: java -Xmx512m -jar neo4j-local.jar --home DIR [--port N] [--password-file FILE]",
            "                                            [--pagecache SIZE] [--conf FILE] [--no-stdin-watch]",
            "  --home DIR            Neo4j home: data in DIR/data, logs in DIR/logs (created if missing)",
            "  --port N              Bolt port on 127.0.0.1; 0 (default) picks a free one",
            "  --password-file FILE  read the password of user neo4j from FILE (mode 0600 or stricter);",
            "                        without it, the first line of stdin is the password",
            "  --pagecache SIZE      page cache size (default 128m)",
            "  --conf FILE           extra neo4j.conf-style settings",
            "  --no-stdin-watch      do not stop when stdin reaches end of file");

    private static final Object LOCK = new Object();
    private static DatabaseManagementService dbms;
    private static boolean stopping;

    private Main() {}

    public static void main(String[] args) {
        // The only stdout line is "ready ..."; anything a library prints goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        System.setProperty("log4j2.disable.jmx", "true");
        System.setProperty("jdk.nio.maxCachedBufferSize", "1024");
        try {
            run(args, out);
        } catch (UsageException e) {
            System.err.println("neo4j-local: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (Throwable e) {
            System.err.println("neo4j-local: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        Path home = null;
        int port = 0;
        Path passwordFile = null;
        long pageCache = ByteUnit.mebiBytes(128);
        Path extraConf = null;
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--home" -> home = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--password-file" -> passwordFile = Path.of(value(args, ++i, arg));
                case "--pagecache" -> pageCache = ByteUnit.parse(value(args, ++i, arg));
                case "--conf" -> extraConf = Path.of(value(args, ++i, arg));
                case "--no-stdin-watch" -> watchStdin = false;
                case "--password" -> throw new UsageException(
                        "the password is never taken from the command line: use stdin or --password-file");
                case "-h", "--help" -> {
                    System.err.println(USAGE);
                    System.exit(0);
                }
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (home == null) {
            throw new UsageException("--home is required");
        }

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = passwordFile != null ? readPasswordFile(passwordFile) : stdin.readLine();
        if (password == null || password.isEmpty()) {
            throw new UsageException("no password: write it as the first line of stdin, or use --password-file");
        }
        if (password.codePointCount(0, password.length()) < 8) {
            throw new UsageException("the password must have at least 8 characters");
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Main::shutdown, "neo4j-local-shutdown"));
        if (watchStdin) {
            Thread watcher = new Thread(() -> watchForEof(stdin), "neo4j-local-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        Files.createDirectories(home);
        if (port == 0) {
            port = freePort();
        }
        boolean firstStart = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        if (firstStart) {
            writeInitialPassword(home, password);
        }

        long started = System.nanoTime();
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (extraConf != null) {
            builder.loadPropertiesFromFile(extraConf);
        }
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // No 256 MB preallocated transaction log files in every test folder.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // The databases are stopped and checkpointed before Bolt: no need to wait 5 + 5 s for it.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));

        synchronized (LOCK) {
            if (stopping) {
                return;
            }
            dbms = builder.build();
        }
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(120_000)) {
            throw new IllegalStateException("the database did not become available");
        }
        if (!firstStart) {
            setPassword(password);
        }
        Files.deleteIfExists(CommunitySecurityModule.getInitialUserRepositoryFile(config(home)));
        waitForBolt(port);
        System.err.printf("neo4j-local: Neo4j started in %.1f s%n", (System.nanoTime() - started) / 1e9);
        out.println("ready bolt://127.0.0.1:" + port);
        out.flush();
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new UsageException(name + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number from 0 to 65535");
        }
    }

    private static String readPasswordFile(Path file) throws IOException {
        Set<PosixFilePermission> loose = EnumSet.of(
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        perms.retainAll(loose);
        if (!perms.isEmpty()) {
            throw new UsageException(file + " must be readable by its owner only (chmod 600)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end >= 0 ? text.substring(0, end) : text).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }

    private static Config config(Path home) {
        return Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
    }

    /** What {@code neo4j-admin dbms set-initial-password} does: read once, when the system database is created. */
    private static void writeInitialPassword(Path home, String password) throws Exception {
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config(home));
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository users = new FileUserRepository(
                    fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            users.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            users.create(new User("neo4j", null, credential, false, false));
            users.shutdown();
        }
    }

    /** Later starts: make the given password the current one (a no-op when it already is). */
    private static void setPassword(String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            System.err.println("neo4j-local: the password of user neo4j was changed to the given one");
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt does not accept connections on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void watchForEof(BufferedReader stdin) {
        try {
            char[] buffer = new char[256];
            while (stdin.read(buffer) != -1) {
                // ignore input; only its end matters
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
        System.err.println("neo4j-local: stdin closed (the owning process is gone); stopping");
        System.exit(0);
    }

    private static void shutdown() {
        synchronized (LOCK) {
            stopping = true;
            if (dbms != null) {
                System.err.println("neo4j-local: shutting down");
                try {
                    dbms.shutdown();
                } catch (Throwable e) {
                    System.err.println("neo4j-local: shutdown failed: " + e);
                }
                dbms = null;
                System.err.println("neo4j-local: stopped");
            }
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
