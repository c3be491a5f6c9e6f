// Records llama.cpp's greedy continuations and top-k raw logits on the random-weight GGUF files that
// io.tiergate.engine.oracle.OracleModelFiles writes (with their manifest.json), as JSON on stdout, for
// LlamaCppContinuationTest. llama.cpp is node-llama-cpp's prebuilt CPU binary (npm install
// node-llama-cpp in any directory, then run this file with NODE_PATH pointing at its node_modules).
// The KV cache is F32 and flash attention off, so the remaining differences to our engine are
// llama.cpp's rounding of activations for quantized, F16 and BF16 dot products.
// usage: node reference-continuations.mjs <files-dir> > llama-cpp-continuations.json
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + "/" : import.meta.url);
const entry = require.resolve("node-llama-cpp");
const {getLlama} = await import(entry);
const packageJson = entry.slice(0, entry.lastIndexOf("/node-llama-cpp/") + 16) + "package.json";
const nodeLlamaCppVersion = JSON.parse(readFileSync(packageJson, "utf8")).version;
const TOP_K = 8;
const [dir] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const round = v => Math.round(v * 1e5) / 1e5;
const next = {token: true, logits: {filter: {includeTop: TOP_K}}, options: {temperature: 0}};
const top = out => Array.from(out.next.logits.entries()).slice(0, TOP_K).map(([id, logit]) => [id, round(logit)]);
const out = {
    llamaCpp: llama.llamaCppRelease, nodeLlamaCpp: nodeLlamaCppVersion, topK: TOP_K,
    prompt: manifest.prompt, checkpoints: manifest.checkpoints, steps: manifest.steps, files: [],
};
for (const f of manifest.files) {
    const model = await llama.loadModel({modelPath: `${dir}/${f.file}`, gpuLayers: 0});
    const context = await model.createContext({
        contextSize: 128, batchSize: 128, threads: 2, flashAttention: false,
        experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32",
    });
    const sequence = context.getSequence();
    // The whole prompt in one batch, with logits after each checkpoint (prompt lengths).
    const input = manifest.prompt.map((id, i) => manifest.checkpoints.includes(i + 1) ? [id, {generateNext: next}] : id);
    const results = await sequence.controlledEvaluate(input);
    const checkpoints = manifest.checkpoints.map(n => ({after: n, top: top(results[n - 1])}));
    // Greedy continuation one token per pass; steps[i] holds the logits the i-th token was chosen from.
    let last = results[manifest.prompt.length - 1];
    const continuation = [];
    const steps = [];
    for (let i = 0; i < manifest.steps; i++) {
        continuation.push(last.next.token);
        steps.push(top(last));
        if (i + 1 < manifest.steps) last = (await sequence.controlledEvaluate([[last.next.token, {generateNext: next}]]))[0];
    }
    out.files.push({...f, checkpoints, continuation, steps});
    await context.dispose();
    await model.dispose();
    process.stderr.write(`${f.file}: ${continuation.join(" ")}\n`);
}
process.stdout.write(JSON.stringify(out) + "\n");
