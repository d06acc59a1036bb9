package kirimchat

import (
	"net/url"
	"strings"
)

// Redacted is what stands in a text where the API key was.
const Redacted = "[REDACTED]"

// keyPrefixes are the documented key prefixes; what follows one is the
// secret part, masked even where it appears without its prefix.
var keyPrefixes = []string{"kdv_live_", "kdv_test_"}

// Redact masks the API key wherever text holds it: as it is, its secret
// part without the prefix, and its URL-escaped forms. It is the one masking
// function: the client applies it to every text that comes from outside
// (the server's messages, headers and bodies, transport errors), and the
// provider to every diagnostic and log line.
func Redact(text, key string) string {
	if key == "" || text == "" {
		return text
	}
	forms := []string{key, url.QueryEscape(key), url.PathEscape(key)}
	for _, prefix := range keyPrefixes {
		if secret, ok := strings.CutPrefix(key, prefix); ok && len(secret) >= 8 {
			forms = append(forms, secret)
		}
	}
	for _, form := range forms {
		text = strings.ReplaceAll(text, form, Redacted)
	}
	return text
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
