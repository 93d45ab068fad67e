package io.agentdeck.engine.knowledge.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Real documents, made small and on the spot with the same libraries Tika reads them with. */
final class SampleFiles {
    private SampleFiles() {}

    /** A PDF with one line of text on each page. */
    static Path pdf(Path file, List<String> pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            addPages(document, pages);
            document.save(file.toFile());
        }
        return file;
    }

    /** A PDF that opens only with the password {@code user}. */
    static Path encryptedPdf(Path file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            addPages(document, List.of("A secret page."));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "user", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            document.save(file.toFile());
        }
        return file;
    }

    private static void addPages(PDDocument document, List<String> pages) throws IOException {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        for (String text : pages) {
            PDPage page = new PDPage();
            document.addPage(page);
            if (text.isEmpty()) {
                continue;
            }
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font, 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
        }
    }

    /**
     * A Word document whose paragraphs alternate heading and body: {@code "# Title"} is a level-1 heading, {@code "##
     * Title"} a level-2 one, anything else body text. Word's own heading styles are declared, as Word does.
     */
    static Path docx(Path file, List<String> paragraphs) throws IOException {
        try (XWPFDocument document = new XWPFDocument();
                OutputStream out = Files.newOutputStream(file)) {
            XWPFStyles styles = document.createStyles();
            for (int level = 1; level <= 2; level++) {
                CTStyle style = CTStyle.Factory.newInstance();
                style.setStyleId("Heading" + level);
                style.setType(STStyleType.PARAGRAPH);
                CTString name = CTString.Factory.newInstance();
                name.setVal("heading " + level);
                style.setName(name);
                styles.addStyle(new XWPFStyle(style));
            }
            for (String text : paragraphs) {
                XWPFParagraph paragraph = document.createParagraph();
                if (text.startsWith("## ")) {
                    paragraph.setStyle("Heading2");
                    text = text.substring(3);
                } else if (text.startsWith("# ")) {
                    paragraph.setStyle("Heading1");
                    text = text.substring(2);
                }
                paragraph.createRun().setText(text);
            }
            document.write(out);
        }
        return file;
    }

    /** A presentation with one text box per slide. */
    static Path pptx(Path file, List<String> slides) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow();
                OutputStream out = Files.newOutputStream(file)) {
            for (String text : slides) {
                XSLFTextBox box = show.createSlide().createTextBox();
                box.setText(text);
            }
            show.write(out);
        }
        return file;
    }

    /** A workbook with a sheet per name, each with one row: the cells given. */
    static Path xlsx(Path file, String firstSheet, List<String> firstRow, String secondSheet, List<String> secondRow)
            throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            addRow(workbook.createSheet(firstSheet), firstRow);
            addRow(workbook.createSheet(secondSheet), secondRow);
            workbook.write(out);
        }
        return file;
    }

    private static void addRow(XSSFSheet sheet, List<String> cells) {
        var row = sheet.createRow(0);
        for (int i = 0; i < cells.size(); i++) {
            row.createCell(i).setCellValue(cells.get(i));
        }
    }

    static Path text(Path file, String text, Charset charset) throws IOException {
        Files.write(file, text.getBytes(charset));
        return file;
    }

    /** Text in UTF-16 (little-endian) that starts with a byte order mark, as Windows Notepad used to save it. */
    static Path utf16WithBom(Path file, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Files.write(file, bytes);
        return file;
    }

    static Path randomBytes(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(file, bytes);
        return file;
    }

    /** The first {@code keep} bytes of {@code source}: a file cut off while it was copied. */
    static Path truncated(Path source, Path file, int keep) throws IOException {
        Files.write(file, Arrays.copyOf(Files.readAllBytes(source), keep));
        return file;
    }

    /** A file that claims {@code size} bytes but takes no disk: its bytes are a hole that reads as zeros. */
    static Path sparse(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    /**
     * A zip with one entry of {@code expanded} repetitions of one letter, which compresses about a thousand times: a
     * few kilobytes that unpack to megabytes.
     */
    static Path zipBomb(Path file, String entry, long expanded) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(entry));
            writeRepeated(zip, expanded);
            zip.closeEntry();
        }
        return file;
    }

    /** A gzip-compressed file of {@code expanded} repetitions of one letter, which Tika unpacks as it streams. */
    static Path gzipBomb(Path file, long expanded) throws IOException {
        try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file))) {
            writeRepeated(gzip, expanded);
        }
        return file;
    }

    /** A Word document whose body is one run of {@code expanded} letters: small on disk, huge once unpacked. */
    static Path docxBomb(Path file, long expanded) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            putText(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/word/document.xml" \
                    ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                    </Types>""");
            putText(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Target="word/document.xml" \
                    Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            Writer xml = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                    + "<w:body><w:p><w:r><w:t>");
            xml.flush();
            writeRepeated(zip, expanded);
            xml.write("</w:t></w:r></w:p></w:body></w:document>");
            xml.flush();
            zip.closeEntry();
        }
        return file;
    }

    private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void writeRepeated(OutputStream out, long count) throws IOException {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        for (long left = count; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }
}
