package kirimchat

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted is what stands in a text where the API key was.
const Redacted = "[REDACTED]"

// MaxTextLength is how many bytes of one text from outside (a server's
// message, a header, a value) a message shows; the rest is cut, and the cut
// said.
const MaxTextLength = 512

// keyPrefixes are the documented key prefixes; what follows one is the
// secret part, masked even where it appears without its prefix.
var keyPrefixes = []string{"kdv_live_", "kdv_test_"}

// KeyForms are the ways the key can stand in a text the provider writes or
// passes on: as it is, URL-escaped (query and path), quoted as Go's %q and
// JSON write it, as a JSON pointer's token (a member name in a pointer the
// client names), and as Clean escapes it; each also without its documented
// prefix (the secret part). Longest first, so that masking them in turn
// masks a whole key as one. A server can write the key in any other way it
// likes (a percent-encoding of some of its characters, say); that is not a
// form this provider writes, and Clean does not look for it.
func KeyForms(key string) []string {
	if key == "" {
		return nil
	}
	var forms []string
	add := func(form string) {
		if form != "" && !slices.Contains(forms, form) {
			forms = append(forms, form)
		}
	}
	for _, form := range []string{key, url.QueryEscape(key), url.PathEscape(key), quotedInside(strconv.Quote(key)),
		quotedInside(strconv.QuoteToASCII(key)), jsonInside(key, true), jsonInside(key, false), escapeControls(key),
		pointerToken.Replace(key)} {
		add(form)
		for _, prefix := range keyPrefixes {
			// The documented prefixes are URL-safe and quote-free: the secret
			// part in a form is that form after the prefix.
			if secret, ok := strings.CutPrefix(form, prefix); ok && len(strings.TrimPrefix(key, prefix)) >= 8 {
				add(secret)
			}
		}
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return forms
}

// shortestForms are the forms that hold no other: finding one of them
// finds every form.
func shortestForms(forms []string) []string {
	var shortest []string
	for _, form := range forms {
		if !slices.ContainsFunc(forms, func(other string) bool { return other != form && strings.Contains(form, other) }) {
			shortest = append(shortest, form)
		}
	}
	return shortest
}

func quotedInside(quoted string) string { return quoted[1 : len(quoted)-1] }

// pointerToken escapes a member name as a JSON pointer writes it (RFC 6901).
var pointerToken = strings.NewReplacer("~", "~0", "/", "~1")

func jsonInside(s string, htmlEscaped bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(htmlEscaped)
	_ = enc.Encode(s)
	return quotedInside(strings.TrimSuffix(b.String(), "\n"))
}

// Redact masks the API key wherever text holds it, in each of its KeyForms.
// The provider applies it to every diagnostic and log line; Clean applies it
// to every text from outside.
func Redact(text, key string) string {
	return redactForms(text, KeyForms(key))
}

func redactForms(text string, forms []string) string {
	if text == "" {
		return text
	}
	for _, form := range forms {
		text = strings.ReplaceAll(text, form, Redacted)
	}
	return text
}

// Clean makes a text that comes from outside (a server's field or header, a
// transport error) fit to be shown in a diagnostic, a warning or a log
// line: the key masked in every form, every character that is not printable
// (ESC, CR, line breaks, bidirectional and other format controls, invalid
// UTF-8) written as a visible escape such as \x1b or \u202e, and a text
// longer than MaxTextLength bytes cut there, the cut said. It is the one
// door such text passes: the client applies it to everything outside it
// shows, and so nothing a server writes can move a terminal's cursor, forge
// a line of terraform's output, or fill a screen.
func Clean(text, key string) string {
	return cleanWith(text, KeyForms(key))
}

func cleanWith(text string, forms []string) string {
	whole := len(text)
	// Only the first MaxTextLength bytes are shown, and escaping only makes
	// a text longer: what lies past four times that is never shown, and is
	// not worth escaping (a 16 MiB body of control characters would take
	// seconds). The key is masked in what is kept.
	if keep := 4 * MaxTextLength; len(text) > keep {
		for keep > 0 && !utf8.RuneStart(text[keep]) {
			keep--
		}
		text = text[:keep]
	}
	text = redactForms(escapeControls(redactForms(text, forms)), forms)
	if len(text) <= MaxTextLength && whole <= 4*MaxTextLength {
		return text
	}
	cut := min(MaxTextLength, len(text))
	for cut > 0 && cut < len(text) && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… [cut at %d of %d bytes]", text[:cut], cut, max(whole, len(text)))
}

// escapeControls writes every character that is not printable, but the
// plain space, as a Go escape: \x.. below U+0080 and for bytes that are not
// UTF-8, \u.... or \U........ above.
func escapeControls(s string) string {
	clean := true
	for _, r := range s {
		if r != ' ' && (r == utf8.RuneError || !unicode.IsPrint(r)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == ' ' || (r != utf8.RuneError && unicode.IsPrint(r)):
			b.WriteString(s[i : i+size])
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	return b.String()
}

// DisplayURL is a URL as messages may show it: its scheme and host. Its
// user information, path and query are never shown, since any of them may
// hold a secret; a URL that does not parse is not shown at all.
func DisplayURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "(a URL that is not shown)"
	}
	shown := u.Scheme + "://" + u.Host
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		shown += "/… (the rest not shown)"
	}
	return shown
}
