package dev.ocireg.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code docker} CLI as the tests drive it: its own configuration directory ({@code DOCKER_CONFIG}, so logins
 * never touch the user's), the legacy builder ({@code DOCKER_BUILDKIT=0}), the daemon named by {@code DOCKER_HOST} or
 * the default socket. Every image a test tags through {@link #tag} or {@link #importBusybox} is removed from the
 * daemon by {@link #close()}.
 */
public final class DockerCli implements AutoCloseable {
    /** Generous: the daemon on the CI machine stores images with the vfs driver and shares two cores. */
    private static final long TIMEOUT_SECONDS = 180;

    /** Where Debian's busybox-static puts its binary. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path dir;
    private final Path config;
    private final Set<String> images = ConcurrentHashMap.newKeySet();

    /** A CLI whose configuration and scratch files live in {@code dir}. */
    public DockerCli(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.config = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{}}");
    }

    /** The client's configuration directory ({@code config.json} with the logins, {@code manifests/}). */
    public Path configDirectory() {
        return config;
    }

    /** Runs {@code docker args…}; fails the test unless it exits 0. Returns its standard output. */
    public String docker(String... args) {
        Result result = runWithInput(null, args);
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result.stdout();
    }

    /** Runs {@code docker args…} and returns what happened, whatever the exit code. */
    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code docker args…} with {@code stdin} as its standard input (for {@code --password-stdin}). */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("docker-" + n + ".out");
        Path err = dir.resolve("docker-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("DOCKER_CONFIG", config.toString());
        env.put("DOCKER_BUILDKIT", "0");
        env.put("DOCKER_CLI_EXPERIMENTAL", "enabled"); // docker manifest, on CLIs before 20.10
        env.put("DOCKER_CLI_HINTS", "false");
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + "\ndid not finish within " + TIMEOUT_SECONDS
                        + " s\nstderr:\n" + Files.readString(err));
            }
            return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    /** {@code docker tag source target}; the target is removed on {@link #close()}. */
    public void tag(String source, String target) {
        images.add(target);
        docker("tag", source, target);
    }

    /** Remembers an image name (pulled or built) to remove on {@link #close()}. */
    public String removeLater(String image) {
        images.add(image);
        return image;
    }

    /**
     * Makes an image without any registry: a root file system of the static busybox ({@code /bin/busybox} and the
     * applets {@code sh cat echo wget sha256sum cut printf ls}), plus {@code files} (path → content), given to {@code
     * docker import} as a tar. Different files give a different layer. Returns {@code tag}.
     */
    public String importBusybox(String tag, Map<String, String> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "rootfs-");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "echo", "wget", "sha256sum", "cut", "printf", "ls")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("tmp"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = root.resolve(file.getKey().replaceFirst("^/", ""));
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Path tar = dir.resolve(root.getFileName() + ".tar");
        Process process = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".")
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("tar: %s", output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        images.add(tag);
        docker("import", "--change", "CMD [\"/bin/sh\"]", tar.toString(), tag);
        return tag;
    }

    /** Removes every image this CLI tagged, imported or was told about; failures are ignored. */
    @Override
    public void close() {
        if (!images.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "--force"));
            args.addAll(images);
            run(args.toArray(String[]::new));
            images.clear();
        }
    }

    /** One run of the CLI. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Standard output and error together. */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n"
                    + stderr;
        }
    }

    // ------------------------------------------------------------------ is Docker there?

    /**
     * Why the Docker tests cannot run here, or empty when they can: the {@code docker} CLI must be on the {@code
     * PATH}, a daemon must answer it ({@code DOCKER_HOST}, else the default socket), and {@code /bin/busybox} must be
     * a static binary (Debian's busybox-static), since the tests make their images from it. Worked out once.
     */
    public static Optional<String> unavailableReason() {
        return Availability.REASON;
    }

    private static final class Availability {
        static final Optional<String> REASON = check();

        private static Optional<String> check() {
            String hint = "; .ci/run installs docker.io and busybox-static and starts a private daemon";
            if (!onPath("docker")) {
                return Optional.of("the docker CLI is not installed" + hint);
            }
            if (!isStaticExecutable(BUSYBOX)) {
                return Optional.of(BUSYBOX + " is missing or not a static binary (the tests build their images from"
                        + " busybox-static: there is no Docker Hub to pull from)" + hint);
            }
            try {
                Process version = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                        .redirectErrorStream(true)
                        .start();
                version.getOutputStream().close();
                String output;
                try (InputStream in = version.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                }
                if (!version.waitFor(30, TimeUnit.SECONDS)) {
                    version.destroyForcibly();
                    return Optional.of("the Docker daemon did not answer 'docker version' within 30 s" + hint);
                }
                if (version.exitValue() != 0) {
                    String host = System.getenv("DOCKER_HOST");
                    return Optional.of("no Docker daemon answers (DOCKER_HOST=" + (host == null ? "unset" : host)
                            + "): " + output.lines().reduce((a, b) -> b).orElse("") + hint);
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("cannot run docker: " + e.getMessage() + hint);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while asking for the Docker daemon");
            }
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    /** An executable ELF64 file without a program interpreter ({@code PT_INTERP}): runs in an empty image. */
    static boolean isStaticExecutable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            return false;
        }
        try (RandomAccessFile elf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] header = new byte[64];
            elf.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header);
            if (h.getInt(0) != 0x7f454c46 || header[4] != 2) { // "\177ELF", 64-bit
                return false;
            }
            h.order(header[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long programHeaders = h.getLong(0x20);
            int entrySize = Short.toUnsignedInt(h.getShort(0x36));
            int entries = Short.toUnsignedInt(h.getShort(0x38));
            byte[] entry = new byte[4];
            for (int i = 0; i < entries; i++) {
                elf.seek(programHeaders + (long) i * entrySize);
                elf.readFully(entry);
                int type = ByteBuffer.wrap(entry).order(h.order()).getInt();
                if (type == 3) { // PT_INTERP: needs a dynamic loader and libraries
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
