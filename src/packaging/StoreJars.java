import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites every jar in a folder with its entries stored instead of deflated, run by installers.xml on the
 * installers' input (java src/packaging/StoreJars.java FOLDER).
 *
 * <p>Why: the .deb and .rpm compress their contents with xz, which cannot shrink data that is already deflated; stored
 * jars let it compress class files as a whole, and the .deb came out about 60 MB smaller (docs/installers.md). Classes
 * that are not in the AOT cache also load without inflating. The entries' bytes, names, order and times are kept, so
 * signed jars (BouncyCastle's) still verify and a manifest stays first.
 */
public final class StoreJars {
    private StoreJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java StoreJars.java FOLDER");
            System.exit(2);
        }
        List<Path> jars;
        try (var files = Files.list(Path.of(args[0]))) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
        long before = 0;
        long after = 0;
        for (Path jar : jars) {
            before += Files.size(jar);
            store(jar);
            after += Files.size(jar);
        }
        System.out.printf(
                "Stored %d jars uncompressed: %d MB -> %d MB on disk%n", jars.size(), before >> 20, after >> 20);
    }

    private static void store(Path jar) throws IOException {
        Path stored = jar.resolveSibling(jar.getFileName() + ".stored");
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stored))) {
            out.setMethod(ZipOutputStream.STORED);
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream content = in.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                out.putNextEntry(storedCopyOf(entry, bytes));
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(stored, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static ZipEntry storedCopyOf(ZipEntry entry, byte[] bytes) {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setMethod(ZipEntry.STORED);
        copy.setSize(bytes.length);
        copy.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        copy.setCrc(crc.getValue());
        copy.setTime(entry.getTime());
        if (entry.getComment() != null) {
            copy.setComment(entry.getComment());
        }
        return copy;
    }
}
