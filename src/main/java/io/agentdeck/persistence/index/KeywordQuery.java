package io.agentdeck.persistence.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The BM25 side of a search, built from a person's or a model's words. The text goes through the same analyzers as
 * the passages and each distinct term becomes an optional clause; there is no query syntax at all, so nothing typed
 * ({@code foo:(bar}, {@code *}, {@code AND}, a lone quote) can be a syntax error, a wildcard or a field name. The
 * number of terms is bounded so that a pasted page cannot exceed Lucene's clause limit or cost much.
 */
final class KeywordQuery {
    /** Beyond this a question is a pasted text; its first part says enough. */
    static final int MAX_CHARS = 4_000;

    /** Per field; two fields stay far below Lucene's default limit of 1,024 clauses. */
    static final int MAX_TERMS = 64;

    private KeywordQuery() {}

    /** The query for {@code text}, or empty when it has no searchable word (blank, stop words, punctuation). */
    static Optional<Query> of(String text, Analyzer analyzer) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String bounded = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        int clauses = 0;
        for (String field : new String[] {PassageFields.TEXT, PassageFields.EXACT}) {
            for (String term : terms(analyzer, field, bounded)) {
                query.add(new TermQuery(new Term(field, term)), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? Optional.empty() : Optional.of(query.build());
    }

    private static Set<String> terms(Analyzer analyzer, String field, String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (terms.size() < MAX_TERMS && tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            // Analysis reads a String; it cannot fail on I/O.
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
