#!/usr/bin/env python3
"""Reference renderings of chat templates, as Hugging Face transformers renders them.

Builds the same jinja2 environment as transformers' apply_chat_template (ImmutableSandboxedEnvironment,
trim_blocks, lstrip_blocks, loopcontrols, its tojson filter, raise_exception and strftime_now globals)
and renders every template of src/test/resources/template/*.jinja on every conversation of
conversations.json. strftime_now is fixed at 2026-01-15 10:30 so renderings are reproducible.
Writes src/test/resources/template/expected-renderings.json. Needs only jinja2 (no transformers).
usage: python3 render-templates.py
"""
import json
import os
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "resources", "template")
TOKENS = {  # bos_token, eos_token per family, as in their GGUF files
    "qwen2.5": ("", "<|im_end|>"), "qwen3": ("", "<|im_end|>"), "smollm2": ("<|im_start|>", "<|im_end|>"),
    "llama3.1": ("<|begin_of_text|>", "<|eot_id|>"), "llama3.2": ("<|begin_of_text|>", "<|eot_id|>"),
    "gemma3": ("<bos>", "<eos>"),
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return datetime(2026, 1, 15, 10, 30).strftime(fmt)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

conversations = json.load(open(os.path.join(RES, "conversations.json"), encoding="utf-8"))
out = {"jinja2": jinja2.__version__, "renderings": {}}
for family, (bos, eos) in TOKENS.items():
    template = env.from_string(open(os.path.join(RES, family + ".jinja"), encoding="utf-8").read())
    results = {}
    for conv in conversations:
        variables = dict(conv.get("extra", {}))
        variables.update(messages=conv["messages"], add_generation_prompt=conv["add_generation_prompt"],
                         bos_token=bos, eos_token=eos)
        if conv.get("tools"):
            variables["tools"] = conv["tools"]
        try:
            results[conv["name"]] = {"output": template.render(**variables)}
        except jinja2.exceptions.TemplateError as e:
            results[conv["name"]] = {"error": str(e)}
        except Exception as e:  # the template itself cannot handle this conversation (e.g. a type error)
            results[conv["name"]] = {"failure": type(e).__name__ + ": " + str(e)}
    out["renderings"][family] = results
with open(os.path.join(RES, "expected-renderings.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")

# Every template llama.cpp ships (models/templates/*.jinja, fetched by fetch-vocabs.sh): a broad check of
# Jinja features, on three conversations; expectations go to expected-llama-cpp-templates.json.
LLAMA_TEMPLATES = os.path.join(HERE, "..", "..", "..", "target", "llama-vocabs", "templates")
if os.path.isdir(LLAMA_TEMPLATES):
    picked = [c for c in conversations if c["name"] in ("system-and-user", "multi-turn", "tool-call-round-trip")]
    broad = {"jinja2": jinja2.__version__, "bos_token": "<s>", "eos_token": "</s>", "renderings": {}}
    for name in sorted(os.listdir(LLAMA_TEMPLATES)):
        if not name.endswith(".jinja"):
            continue
        try:
            template = env.from_string(open(os.path.join(LLAMA_TEMPLATES, name), encoding="utf-8").read())
        except Exception as e:
            broad["renderings"][name] = {"unparsable": str(e)}
            continue
        results = {}
        for conv in picked:
            variables = dict(messages=conv["messages"], add_generation_prompt=conv["add_generation_prompt"],
                             bos_token="<s>", eos_token="</s>")
            if conv.get("tools"):
                variables["tools"] = conv["tools"]
            try:
                results[conv["name"]] = {"output": template.render(**variables)}
            except jinja2.exceptions.TemplateError as e:
                results[conv["name"]] = {"error": str(e)}
            except Exception as e:
                results[conv["name"]] = {"failure": type(e).__name__ + ": " + str(e)}
        broad["renderings"][name] = results
    with open(os.path.join(RES, "expected-llama-cpp-templates.json"), "w", encoding="utf-8") as f:
        json.dump(broad, f, ensure_ascii=False, indent=1)
        f.write("\n")

# Snippets, one per Jinjava gap we fix (jinja2-snippets.json: [snippet, jinja2's output]); the outputs
# are re-rendered here with the variables JinjaCompatibilityTest passes.
SNIPPETS = os.path.join(RES, "jinja2-snippets.json")
snippet_vars = dict(d={"b": 1, "a": [True, None, "q'x"], "c": {"z": 1.5}}, a="A", ms=["m1", "m2", "m3"],
                    messages=[{"role": "user", "content": "x"}], add_generation_prompt=False, bos_token="", eos_token="")
snippets = json.load(open(SNIPPETS, encoding="utf-8"))
rendered = [[s, env.from_string(s).render(**snippet_vars)] for s, _ in snippets]
with open(SNIPPETS, "w", encoding="utf-8") as f:
    json.dump(rendered, f, ensure_ascii=False, indent=1)
