package io.agentdeck.persistence.index;

import io.agentdeck.engine.knowledge.index.IndexedPassage;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/**
 * The index's schema: one Lucene document per passage. The ids are indexed as terms (to replace a passage, delete a
 * document's passages and filter by collection) and kept as doc values (to answer with); the text is not stored,
 * because the database has it and a hit is answered with ids.
 */
final class PassageFields {
    static final String PASSAGE = "passage";
    static final String DOCUMENT = "document";
    static final String COLLECTION = "collection";
    static final String TEXT = "text";
    static final String EXACT = "exact";
    static final String VECTOR = "vector";

    /**
     * MiniLM's vectors are compared by cosine; on unit vectors that is the dot product, which Lucene computes faster
     * (and its cosine function is deprecated). Every vector is normalized on the way in, so this holds for any model.
     */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    /** BM25 needs term frequencies and lengths (norms), never positions: there are no phrase queries. */
    private static final FieldType KEYWORDS = keywordsType();

    private PassageFields() {}

    private static FieldType keywordsType() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setStored(false);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.freeze();
        return type;
    }

    static Document toDocument(IndexedPassage passage, int dimensions) {
        Document document = new Document();
        addId(document, PASSAGE, passage.passageId());
        addId(document, DOCUMENT, passage.documentId());
        addId(document, COLLECTION, passage.collectionId());
        document.add(new Field(TEXT, passage.text(), KEYWORDS));
        document.add(new Field(EXACT, passage.text(), KEYWORDS));
        document.add(new KnnFloatVectorField(VECTOR, unit(passage.vector(), dimensions), SIMILARITY));
        return document;
    }

    private static void addId(Document document, String field, long id) {
        document.add(new StringField(field, Long.toString(id), Field.Store.NO));
        document.add(new NumericDocValuesField(field, id));
    }

    static Term passageTerm(long passageId) {
        return new Term(PASSAGE, Long.toString(passageId));
    }

    static Term documentTerm(long documentId) {
        return new Term(DOCUMENT, Long.toString(documentId));
    }

    static Query collectionFilter(Collection<Long> collectionIds) {
        List<BytesRef> terms = collectionIds.stream()
                .map(id -> new BytesRef(Long.toString(id)))
                .toList();
        return new TermInSetQuery(COLLECTION, terms);
    }

    /** A copy of {@code vector} scaled to length 1, after checking its size. */
    static float[] unit(float[] vector, int dimensions) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(
                    "A vector of " + vector.length + " dimensions, but this index holds " + dimensions);
        }
        if (VectorUtil.isZeroVector(vector)) {
            throw new IllegalArgumentException("A zero vector has no direction to search or index by");
        }
        return VectorUtil.l2normalize(vector.clone());
    }

    /**
     * The cosine similarity of a document's vector with a unit {@code target}. Both are unit vectors, so it is their
     * dot product, which Lucene's scorer reports as {@code (1 + dot) / 2}; a document without a vector scores 0.
     */
    static double cosine(List<LeafReaderContext> leaves, int doc, float[] target) throws IOException {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        VectorScorer scorer = values == null ? null : values.scorer(target);
        if (scorer == null) {
            return 0;
        }
        DocIdSetIterator vectors = scorer.iterator();
        int local = doc - leaf.docBase;
        if (vectors.advance(local) != local) {
            return 0;
        }
        return 2.0 * scorer.score() - 1.0;
    }

    /** The id kept in {@code field} for a document of the searcher's reader. */
    static long readId(List<LeafReaderContext> leaves, int doc, String field) throws IOException {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        NumericDocValues values = leaf.reader().getNumericDocValues(field);
        if (values == null || !values.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("Indexed passage without " + field);
        }
        return values.longValue();
    }
}
