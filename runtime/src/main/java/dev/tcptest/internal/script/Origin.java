package dev.tcptest.internal.script;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a script's text comes from, and so where the files it includes are found: a string's
 * includes are relative to a folder (the working directory, unless told), a file's to its folder,
 * a resource's to its folder on the class path.
 */
public abstract class Origin {

    /** The longest script file read, so that an include of something endless fails instead. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final String name;

    private Origin(String name) {
        this.name = name;
    }

    /**
     * A script given as a string, its includes relative to a folder.
     *
     * @param name the name messages give it
     * @param text the script
     * @param folder what its includes are relative to, such as the working directory
     * @return the origin
     */
    public static Origin text(String name, String text, Path folder) {
        return new Text(name, text, folder);
    }

    /**
     * A script file.
     *
     * @param file the file, named in messages as given
     * @return the origin
     */
    public static Origin file(Path file) {
        return new File(file.toString(), file);
    }

    /**
     * A script resource, such as one on the class path.
     *
     * @param name the name messages give it, such as the resource name
     * @param url where to read it
     * @return the origin
     */
    public static Origin resource(String name, URL url) {
        return new Resource(name, url);
    }

    /** @return the name messages give the script */
    public String name() {
        return name;
    }

    /** What tells two origins apart for an include cycle: the same file reached by two paths is one. */
    abstract String identity();

    /**
     * The script's text.
     *
     * @throws IOException if it cannot be read, is longer than {@link #MAX_BYTES} or is not UTF-8
     *     (a {@link CharacterCodingException})
     */
    abstract String read() throws IOException;

    /**
     * The script that an {@code include} of this one names.
     *
     * @throws IllegalArgumentException if the path cannot be a file's
     */
    abstract Origin include(String path);

    /** Where the included path was looked for, for a message when it cannot be read. */
    abstract String location();

    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static String readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("it is longer than " + MAX_BYTES + " bytes, too long for a chat script");
        }
        return decode(bytes);
    }

    private static final class Text extends Origin {
        private final String text;
        private final Path folder;

        Text(String name, String text, Path folder) {
            super(name);
            this.text = text;
            this.folder = folder;
        }

        @Override
        String identity() {
            return "text:" + name();
        }

        @Override
        String read() {
            return text;
        }

        @Override
        Origin include(String path) {
            Path file = Path.of(path);
            return new File(path, folder.toString().isEmpty() ? file : folder.resolve(file));
        }

        @Override
        String location() {
            return folder.toAbsolutePath().toString();
        }
    }

    private static final class File extends Origin {
        private final Path file;
        private String identity;

        File(String name, Path file) {
            super(name);
            this.file = file;
        }

        @Override
        String identity() {
            if (identity == null) {
                try {
                    identity = file.toRealPath().toString();
                } catch (IOException | SecurityException e) {
                    identity = file.toAbsolutePath().normalize().toString();
                }
            }
            return identity;
        }

        @Override
        String read() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException(Files.exists(file) ? "it is not a regular file" : "there is no such file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return readBounded(in);
            }
        }

        @Override
        Origin include(String path) {
            Path folder = file.getParent();
            Path included = folder == null ? Path.of(path) : folder.resolve(path);
            return new File(included.normalize().toString(), included);
        }

        @Override
        String location() {
            return file.toAbsolutePath().normalize().toString();
        }
    }

    private static final class Resource extends Origin {
        private final URL url;

        Resource(String name, URL url) {
            super(name);
            this.url = url;
        }

        @Override
        String identity() {
            return url.toString();
        }

        @Override
        String read() throws IOException {
            try (InputStream in = url.openStream()) {
                return readBounded(in);
            }
        }

        @Override
        Origin include(String path) {
            try {
                return new Resource(resolveName(name(), path), resolve(url, path));
            } catch (IOException | URISyntaxException | RuntimeException e) {
                throw new IllegalArgumentException("'" + path + "' cannot be resolved against " + url + " (" + e + ")", e);
            }
        }

        @Override
        String location() {
            return url.toString();
        }

        /** A path against a URL; a jar's is resolved inside the jar, after its {@code !/}. */
        private static URL resolve(URL base, String path) throws IOException, URISyntaxException {
            String spec = base.toString();
            int bang = spec.indexOf("!/");
            if (bang < 0) {
                return base.toURI().resolve(new URI(null, null, path, null)).toURL();
            }
            String inside = URI.create(spec.substring(bang + 1)).resolve(new URI(null, null, path, null)).toString();
            return URI.create(spec.substring(0, bang + 1) + inside).toURL();
        }

        /** The name of an included resource: the path against the including one's name, {@code .} and {@code ..} resolved. */
        private static String resolveName(String name, String path) {
            String joined = path.startsWith("/") ? path : name.substring(0, name.lastIndexOf('/') + 1) + path;
            try {
                return Path.of(joined).normalize().toString().replace('\\', '/');
            } catch (InvalidPathException e) {
                return joined;
            }
        }
    }
}
