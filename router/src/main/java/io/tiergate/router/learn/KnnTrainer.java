package io.tiergate.router.learn;

import io.tiergate.router.features.MiniLmSentenceEmbedder;

/** Builds {@link KnnModel}: it memorises the training prompts' embeddings and labels. */
public final class KnnTrainer {
    private KnnTrainer() {}

    public static KnnModel build(TrainingSet data, Standardizer standardizer, int k) {
        int dim = MiniLmSentenceEmbedder.DIMENSION;
        int offset = data.dimension() - dim;
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        System.arraycopy(standardizer.mean(), offset, mean, 0, dim);
        System.arraycopy(standardizer.scale(), offset, scale, 0, dim);
        int n = data.size();
        float[] emb = new float[n * dim];
        float[] labels = new float[n];
        double prior = 0;
        for (int i = 0; i < n; i++) {
            double[] z = data.z()[i];
            for (int j = 0; j < dim; j++) emb[i * dim + j] = (float) (z[offset + j] * scale[j] + mean[j]);
            labels[i] = (float) data.labels()[i];
            prior += labels[i] / n;
        }
        return new KnnModel(k, offset, mean, scale, emb, labels, prior);
    }
}
