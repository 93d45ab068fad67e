package io.agentdeck.persistence.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.util.IOUtils;

/**
 * How a passage's text becomes keywords, the same at index and query time.
 *
 * <ul>
 *   <li>{@link PassageFields#TEXT}: {@link EnglishAnalyzer} (Unicode word breaks, lower case, possessives, stop
 *       words and Porter stemming), so "switching themes" matches "switch theme". The embedding model is an English
 *       one, so the knowledge base is English-first; text in other languages still gets its words, only the stemming
 *       does nothing useful for it. The stop words are Snowball's longer English list rather than Lucene's 33: the
 *       questions asked are full of "how do I", "what does" and "can you", and each such word would otherwise pull
 *       unrelated passages into the keyword ranking, where fusion counts them like any match.
 *   <li>{@link PassageFields#EXACT}: identifiers as written, lower-cased and never stemmed. The word breaks keep
 *       {@code ERR_4711_QUOTA} and {@code io.agentdeck.Main} whole but split {@code ERR-4711-QUOTA}, {@code
 *       /api/agents}, {@code foo::bar} and {@code 1.19.0-beta29} into common parts, and the stemmer turns {@code
 *       @Override} into {@code overrid}; this field keeps each of them as one rare, exact term.
 * </ul>
 */
final class PassageAnalyzers {
    private PassageAnalyzers() {}

    static Analyzer create() {
        return new PerFieldAnalyzerWrapper(
                new EnglishAnalyzer(snowballStopWords()), Map.of(PassageFields.EXACT, new IdentifierAnalyzer()));
    }

    private static CharArraySet snowballStopWords() {
        String name = "english_stop.txt";
        try (InputStream in = IOUtils.requireResourceNonNull(SnowballFilter.class.getResourceAsStream(name), name)) {
            return WordlistLoader.getSnowballWordSet(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's English stop words are missing from its jar", e);
        }
    }

    /** Whitespace-separated identifiers, punctuation around them trimmed, lower case. */
    static final class IdentifierAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new WhitespaceTokenizer();
            TokenStream identifiers = new IdentifierFilter(source);
            return new TokenStreamComponents(source, new LowerCaseFilter(identifiers));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
