// Prints llama.cpp's token ids for tricky-strings.json on each vocab, as JSON on stdout. llama.cpp is
// node-llama-cpp's prebuilt binary (npm install node-llama-cpp in any directory, then run this file
// with NODE_PATH pointing at its node_modules). Ids are without BOS/EOS (node-llama-cpp tokenizes
// with add_special=false), once with parse_special=false ("plain") and once with true ("special").
// usage: node reference-ids.mjs <vocab-dir> <tricky-strings.json> vocab1 vocab2 ... > reference.json
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + "/" : import.meta.url);
const {getLlama} = await import(require.resolve("node-llama-cpp"));
const [vocabDir, stringsFile, ...vocabs] = process.argv.slice(2);
const strings = JSON.parse(readFileSync(stringsFile, "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const out = {llamaCpp: llama.llamaCppRelease, vocabs: {}};
for (const vocab of vocabs) {
    const model = await llama.loadModel({modelPath: `${vocabDir}/ggml-vocab-${vocab}.gguf`, vocabOnly: true});
    out.vocabs[vocab] = strings.map(text => ({
        text,
        plain: Array.from(model.tokenize(text, false)),
        special: Array.from(model.tokenize(text, true)),
    }));
    await model.dispose();
}
process.stdout.write(JSON.stringify(out) + "\n");
