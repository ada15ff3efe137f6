// The journalist's pages: select a quote to read its details, filter by type, export.
// Runs under a Content-Security-Policy of 'self': no inline script, no eval, text only via
// textContent (never innerHTML), so nothing from an article can run.
"use strict";

function analysis() {
  const data = document.getElementById("analysis");
  return data ? JSON.parse(data.textContent) : null;
}

function line(parent, label, value) {
  const term = document.createElement("dt");
  term.textContent = label;
  const detail = document.createElement("dd");
  detail.textContent = value;
  parent.append(term, detail);
}

function showQuote(result, quoteId) {
  const quote = result.quotes.find((q) => q.id === quoteId);
  const panel = document.getElementById("details");
  if (!quote || !panel) return;
  panel.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = "Quote " + quote.id;
  const said = document.createElement("blockquote");
  said.textContent = quote.text;
  const facts = document.createElement("dl");
  const speaker = quote.speaker;
  line(facts, "Speaker", speaker ? speaker.name : "no speaker found");
  if (speaker) line(facts, "Mention", speaker.mention.text + " (" + speaker.resolved_by + ")");
  if (speaker && speaker.alternatives && speaker.alternatives.length) {
    // a close call: who else it could be, so a fact-checker sees the doubt
    line(facts, "Or perhaps", speaker.alternatives
      .map((a) => a.name + " (" + a.score.toFixed(2) + ")").join(", "));
  }
  line(facts, "Cue", quote.cue ? quote.cue.text : "—");
  line(facts, "Type", quote.type);
  line(facts, "Confidence", quote.confidence.toFixed(2));
  line(facts, "Sentence", quote.sentence.text);
  line(facts, "Kind rule", quote.rule.kind || "— (partial)");
  line(facts, "Cue rules", quote.rule.cue.join(", ") || "—");
  line(facts, "Speaker rules", quote.rule.speaker.join(", ") || "—");
  panel.append(title, said, facts);
  if (quote.archive_quote_id) {
    const across = document.createElement("a");
    across.href = "/quotes/" + encodeURIComponent(quote.archive_quote_id);
    across.textContent = "Every occurrence across outlets";
    panel.append(across);
  }
  document.querySelectorAll("mark.quote.selected").forEach((m) => m.classList.remove("selected"));
  document.querySelectorAll(`mark.quote[data-quote-id="${CSS.escape(quoteId)}"]`)
    .forEach((m) => m.classList.add("selected"));
}

function download(name, type, body) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

// a text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)
const inert = (v) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function csv(result) {
  const cell = (v) => `"${String(inert(v) ?? "").replaceAll('"', '""')}"`;
  const rows = [["id", "type", "text", "start", "end", "speaker", "mention", "cue", "sentence",
                 "confidence"]];
  for (const q of result.quotes) {
    rows.push([q.id, q.type, q.text, q.start, q.end, q.speaker?.name, q.speaker?.mention.text,
               q.cue?.text, q.sentence.text, q.confidence]);
  }
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

document.addEventListener("DOMContentLoaded", () => {
  const result = analysis();
  if (!result) return;
  const article = document.getElementById("article");
  const pick = (event) => {
    const mark = event.target.closest("mark.quote");
    if (!mark) return;
    event.stopPropagation();
    showQuote(result, mark.dataset.quoteId);
  };
  article.addEventListener("click", pick);
  article.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      pick(event);
    }
  });
  document.querySelectorAll(".filter input[name=type]").forEach((box) => {
    box.addEventListener("change", () => article.classList.toggle("hide-" + box.value, !box.checked));
  });
  document.querySelectorAll("[data-export]").forEach((button) => {
    button.addEventListener("click", () => {
      if (button.dataset.export === "json") {
        download("quotes.json", "application/json", JSON.stringify(result, null, 2));
      } else {
        download("quotes.csv", "text/csv", csv(result));
      }
    });
  });
});
