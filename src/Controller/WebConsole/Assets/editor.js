// A code editor: a plain textarea (native editing, undo, selection and screen-reader support) laid over a <pre>
// that shows the same text with its syntax coloured. Tab inserts two spaces; Escape then Tab leaves the editor, so
// that keyboard users are never trapped in it.

import { h } from './view.js';

const grammars = {
  javascript: {
    comment: /\/\/[^\n]*|\/\*[\s\S]*?\*\//y,
    string: /`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/y,
    keyword: /\b(?:async|await|break|case|catch|class|const|continue|default|delete|do|else|export|extends|finally|for|function|if|import|in|instanceof|let|new|of|return|switch|this|throw|try|typeof|var|void|while|yield|true|false|null|undefined)\b/y,
  },
  python: {
    comment: /#[^\n]*/y,
    string: /"""[\s\S]*?"""|'''[\s\S]*?'''|[rbfu]?"(?:\\.|[^"\\\n])*"|[rbfu]?'(?:\\.|[^'\\\n])*'/y,
    keyword: /\b(?:and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield|True|False|None)\b/y,
  },
  json: {
    string: /"(?:\\.|[^"\\\n])*"/y,
    keyword: /\b(?:true|false|null)\b/y,
  },
};

const number = /\b(?:0x[\da-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/y;
const word = /[A-Za-z_$][\w$]*|\s+|./y;

/** Splits source text into [className, text] tokens for a language (javascript, python or json). */
export function tokenize(text, language) {
  const grammar = grammars[language] ?? grammars.javascript;
  const rules = [['comment', grammar.comment], ['string', grammar.string], ['keyword', grammar.keyword], ['number', number]]
    .filter(([, rule]) => rule);
  const tokens = [];
  let index = 0;
  while (index < text.length) {
    let matched = false;
    for (const [kind, rule] of rules) {
      rule.lastIndex = index;
      const match = rule.exec(text);
      if (match && match[0].length > 0) {
        tokens.push([kind, match[0]]);
        index += match[0].length;
        matched = true;
        break;
      }
    }

    if (!matched) {
      word.lastIndex = index;
      const plain = word.exec(text)[0];
      const last = tokens[tokens.length - 1];
      if (last && last[0] === '') last[1] += plain;
      else tokens.push(['', plain]);
      index += plain.length;
    }
  }

  return tokens;
}

/** The language an action kind is written in. */
export function languageOf(kind) {
  if (kind?.startsWith('python')) return 'python';
  return 'javascript';
}

/** Creates an editor; returns {element, textarea, value(), setValue(text), setLanguage(language)}. */
export function createEditor({ id, label, value = '', language = 'javascript', rows = 14, readOnly = false }) {
  const highlight = h('code', {});
  const pre = h('pre', { class: 'editor-highlight', 'aria-hidden': 'true' }, highlight);
  const textarea = h('textarea', {
    id, rows, spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', class: 'editor-input',
    'aria-label': label, readonly: readOnly,
  });
  textarea.value = value;
  let current = language;
  let escaped = false;

  const render = () => {
    const spans = tokenize(textarea.value, current).map(([kind, text]) => (kind ? h('span', { class: `tok-${kind}` }, text) : text));
    // A final newline needs a character after it to take up a line in the <pre>.
    highlight.replaceChildren(...spans, '\n');
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  };

  textarea.addEventListener('input', render);
  textarea.addEventListener('scroll', () => {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      escaped = true;
      return;
    }

    if (event.key === 'Tab' && !escaped && !event.shiftKey && !readOnly) {
      event.preventDefault();
      const { selectionStart: start, selectionEnd: end } = textarea;
      textarea.setRangeText('  ', start, end, 'end');
      render();
    }

    escaped = false;
  });

  render();
  return {
    element: h('div', { class: 'editor' }, pre, textarea),
    textarea,
    value: () => textarea.value,
    setValue: (text) => {
      textarea.value = text;
      render();
    },
    setLanguage: (next) => {
      current = next;
      render();
    },
  };
}
