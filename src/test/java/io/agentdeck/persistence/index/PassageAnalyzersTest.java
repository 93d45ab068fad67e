package io.agentdeck.persistence.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class PassageAnalyzersTest {
    private static final String SENTENCE =
            "See (ERR-4711-QUOTA), /api/agents and `io.agentdeck.Main`. It's @Override in 1.19.0-beta29: fine!";

    private static List<String> tokens(String field, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (Analyzer analyzer = PassageAnalyzers.create();
                TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }

    @Test
    void theExactFieldKeepsIdentifiersWholeAndDropsPlainWords() throws IOException {
        assertThat(tokens(PassageFields.EXACT, SENTENCE))
                .containsExactly("err-4711-quota", "/api/agents", "io.agentdeck.main", "@override", "1.19.0-beta29");
    }

    @Test
    void theTextFieldStemsEnglishAndDropsTheWordsOfAQuestion() throws IOException {
        assertThat(tokens(PassageFields.TEXT, "How do I switch the themes to the night palettes?"))
                .containsExactly("switch", "theme", "night", "palett");
        assertThat(tokens(PassageFields.TEXT, SENTENCE)).contains("err", "4711", "quota", "io.agentdeck.main");
    }
}
