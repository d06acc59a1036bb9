package kirimchat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Every 2xx body becomes trusted data here, and only here: the answer is read
// once, strictly, against the contract (internal/sandbox/CONTRACT.md, "What a
// client must never accept"). The tokenizer (jsontext, the encoding/json/v2
// prototype) rejects bad syntax, invalid UTF-8 and a name repeated within
// any object, read or skipped; the record readers below require every
// documented field with its documented type, and accept null only where the
// contract allows it. Fields the contract does not document are skipped, as
// the API may add fields at any time. Nothing is defaulted: a value that is
// not there is an error, never "" or 0.

// decoder reads one answer.
type decoder struct {
	tokens *jsontext.Decoder
	// keyForms are the shortest of the API key's KeyForms. No string of an answer, read or
	// skipped, name or value, may hold one: a server that reflects the
	// credentials it was sent into its data is not the API, and what it
	// sends would reach the state, warnings and logs.
	keyForms []string
	// body is the answer the tokens are read from, for rawSince.
	body []byte
}

func newDecoder(body []byte, keyForms []string) *decoder {
	return &decoder{tokens: jsontext.NewDecoder(bytes.NewReader(body)), keyForms: keyForms, body: body}
}

// holdsKey reports whether s holds the API key in any form.
func (d *decoder) holdsKey(s string) bool {
	for _, form := range d.keyForms {
		if strings.Contains(s, form) {
			return true
		}
	}
	return false
}

// keyFound is the error for a string that holds the key; it never shows the
// string.
func (d *decoder) keyFound() error {
	return d.fail("%s", keyFoundReason)
}

const keyFoundReason = "holds the API key the request was sent with: a server that echoes credentials into its " +
	"answers is not the Kirim.chat API"

// skip passes over a value the contract does not document, after checking
// that none of its strings holds the key.
func (d *decoder) skip() error {
	v, err := d.tokens.ReadValue()
	if err != nil {
		return d.syntax(err)
	}
	return d.keyIn(v)
}

// keyIn checks that no string of the value v, which the tokenizer has just
// read whole, holds the key. A value without escapes can hold it only as it
// is written; one with escapes is read string by string.
func (d *decoder) keyIn(v jsontext.Value) error {
	if len(d.keyForms) == 0 {
		return nil
	}
	if bytes.IndexByte(v, '\\') < 0 {
		if d.holdsKey(string(v)) {
			return d.keyFound()
		}
		return nil
	}
	// The outer tokenizer has read the value whole already: the inner one
	// reads it to its end without an error.
	inner := jsontext.NewDecoder(bytes.NewReader(v))
	for tok, err := inner.ReadToken(); err == nil; tok, err = inner.ReadToken() {
		if tok.Kind() == '"' && d.holdsKey(tok.String()) {
			return &contractError{pointer: string(d.tokens.StackPointer()) + string(inner.StackPointer()), reason: keyFoundReason}
		}
	}
	return nil
}

// contractError is what a reader found wrong, and where: a JSON pointer
// into the body, such as /data/3/status.
type contractError struct {
	pointer string
	reason  string
	record  string // the id of the record being read, when known
}

func (e *contractError) Error() string {
	if e.pointer == "" {
		return "the body " + e.reason
	}
	return e.pointer + " " + e.reason
}

// notA is the error for a value of the wrong kind: what it is instead, or,
// when it is not JSON at all, the tokenizer's word for what is wrong.
func (d *decoder) notA(want string) error {
	k := d.tokens.PeekKind()
	if k == 0 {
		_, err := d.tokens.ReadToken()
		if err == nil {
			err = errors.New("no value")
		}
		return d.syntax(err)
	}
	return d.fail("is %s, not %s", kindName(k), want)
}

func (d *decoder) fail(format string, args ...any) error {
	return &contractError{pointer: string(d.tokens.StackPointer()), reason: fmt.Sprintf(format, args...)}
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	}
	return "an array"
}

// syntax turns the tokenizer's error (bad JSON, a repeated name) into a
// contractError.
func (d *decoder) syntax(err error) error {
	var ce *contractError
	if errors.As(err, &ce) {
		return err
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return &contractError{pointer: string(se.JSONPointer), reason: "is not valid JSON: " + se.Err.Error()}
	}
	return &contractError{reason: "is not valid JSON: " + err.Error()}
}

// array reads an array, calling element for each of its values.
func (d *decoder) array(element func() error) error {
	if d.tokens.PeekKind() != '[' {
		return d.notA("an array")
	}
	if _, err := d.tokens.ReadToken(); err != nil {
		return d.syntax(err)
	}
	for d.tokens.PeekKind() != ']' {
		if err := element(); err != nil {
			return err
		}
	}
	if _, err := d.tokens.ReadToken(); err != nil {
		return d.syntax(err)
	}
	return nil
}

// null reads a null if one comes next.
func (d *decoder) null() (bool, error) {
	if d.tokens.PeekKind() != 'n' {
		return false, nil
	}
	_, err := d.tokens.ReadToken()
	if err != nil {
		return false, d.syntax(err)
	}
	return true, nil
}

func (d *decoder) str() (string, error) {
	s, err := d.opaque()
	if err != nil {
		return "", err
	}
	if r, bad := controlCharacter(s); bad {
		return "", d.fail("holds the control character %U: the API's values are text, and this one could act on a terminal "+
			"where Terraform shows it", r)
	}
	return s, nil
}

// opaque reads a string that is never shown (a cursor): any text, but the
// key.
func (d *decoder) opaque() (string, error) {
	if d.tokens.PeekKind() != '"' {
		return "", d.notA("a string")
	}
	tok, err := d.tokens.ReadToken()
	if err != nil {
		return "", d.syntax(err)
	}
	s := tok.String()
	if d.holdsKey(s) {
		return "", d.keyFound()
	}
	return s, nil
}

// controlCharacter finds in s a C0 control character other than tab and
// line feed, DEL, or a C1 control character: what no name, status or id
// holds, and what moves a terminal's cursor or rewrites its lines.
func controlCharacter(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 && b != '\t' && b != '\n', b == 0x7f:
			return rune(b), true
		case b == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return rune(s[i+1]), true // U+0080–U+009F, two bytes in UTF-8
		}
	}
	return 0, false
}

// objectIs reads a record's "object" member, which the contract fixes for each
// type ("conversation", "contact", …): another value means an answer about
// something else than was asked.
func (d *decoder) objectIs(want string) (string, error) {
	s, err := d.str()
	if err == nil && s != want {
		err = d.fail("is %q, not %q", s, want)
	}
	return s, err
}

// id reads an id: the documented prefix of its type ("cnv_", "ctc_", …)
// and letters and digits after it (the docs write 26 Crockford base32
// characters). An id of another type means an answer about something else
// than was asked; one with anything else in it is no id.
func (d *decoder) id(prefix string) (string, error) {
	s, err := d.str()
	if err == nil && !isID(s, prefix) {
		err = d.fail("is %q, not an id of the form %s followed by letters and digits", s, prefix)
	}
	return s, err
}

// isID reports whether s is prefix and 1 to 64 ASCII letters and digits.
// A loop, not a regular expression: three ids a conversation made the
// expression a quarter of the reading's time.
func isID(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) == 0 || len(rest) > 64 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		default:
			return false
		}
	}
	return true
}

// timestamp reads a date-time: exactly RFC 3339 (ParseTimestamp), kept
// exactly as sent.
func (d *decoder) timestamp() (string, error) {
	s, err := d.str()
	if err != nil {
		return "", err
	}
	if _, perr := ParseTimestamp(s); perr != nil {
		return "", d.fail("is %q, %s", s, perr)
	}
	return s, nil
}

// integer reads a JSON number that is a whole number within int64.
func (d *decoder) integer() (int64, error) {
	if d.tokens.PeekKind() != '0' {
		return 0, d.notA("an integer")
	}
	v, err := d.tokens.ReadValue()
	if err != nil {
		return 0, d.syntax(err)
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, d.fail("is %s, not an integer within 64 bits", v)
	}
	return n, nil
}

func (d *decoder) boolean() (bool, error) {
	switch d.tokens.PeekKind() {
	case 't', 'f':
		tok, err := d.tokens.ReadToken()
		if err != nil {
			return false, d.syntax(err)
		}
		return tok.Bool(), nil
	}
	return false, d.notA("a boolean")
}

// objectJSON reads an object, kept as its JSON text.
func (d *decoder) objectJSON() (json.RawMessage, error) {
	if d.tokens.PeekKind() != '{' {
		return nil, d.notA("an object")
	}
	v, err := d.tokens.ReadValue()
	if err != nil {
		return nil, d.syntax(err)
	}
	if err := d.keyIn(v); err != nil {
		return nil, err
	}
	return bytes.Clone(v), nil
}

// end checks that nothing but white space follows the answer.
func (d *decoder) end() error {
	if _, err := d.tokens.ReadToken(); err == nil {
		return d.fail("holds more than one JSON value")
	} else if !errors.Is(err, io.EOF) {
		return d.syntax(err)
	}
	return nil
}

// errorMember is an "error" member in an answer that should have been data:
// the API's error envelope inside a 2xx. get turns it into an APIError.
type errorMember struct {
	value json.RawMessage
}

func (e *errorMember) Error() string { return "the answer carries an error envelope" }

// readErrorMember reads the value of an "error" member, and returns it as the
// error that ends the read.
func (d *decoder) readErrorMember() error {
	v, err := d.tokens.ReadValue()
	if err != nil {
		return d.syntax(err)
	}
	return &errorMember{value: bytes.Clone(v)}
}

// readEnvelope reads the answer's top level into r: an object with the
// documented members fs. An "error" member ends the read as an errorMember.
// Nothing may follow the object.
func readEnvelope[R any](d *decoder, fs fields[R], r *R) error {
	err := fs.readObjectWith(d, r, func(name string) error {
		if name == "error" {
			return d.readErrorMember()
		}
		return d.skip()
	})
	if err != nil {
		return err
	}
	return d.end()
}
