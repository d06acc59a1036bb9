package sandbox

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// cursorPosition is where the next page starts: just after the row with this
// sort key, for this filter set.
type cursorPosition struct {
	Filters       string `json:"f"`
	LastMessageAt string `json:"t,omitempty"`
	ID            string `json:"i"`
	// Offset is set only by a sandbox with OffsetCursors.
	Offset int `json:"o,omitempty"`
}

const macSize = 16

var errBadCursor = errors.New("cursor is malformed or has been tampered with")

// cursorCodec makes opaque, tamper-evident cursors: JSON, an HMAC, padded so
// that the standard base64 text always ends in "==" (and often holds + or /),
// as real cursors may.
type cursorCodec struct{ secret []byte }

func (c cursorCodec) encode(p cursorPosition) string {
	payload, _ := json.Marshal(p)
	for (len(payload)+macSize)%3 != 1 {
		payload = append(payload, ' ')
	}
	return base64.StdEncoding.EncodeToString(append(payload, c.mac(payload)...))
}

func (c cursorCodec) decode(s string) (cursorPosition, error) {
	var p cursorPosition
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) <= macSize {
		return p, errBadCursor
	}
	payload, sum := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	if !hmac.Equal(sum, c.mac(payload)) {
		return p, errBadCursor
	}
	if err := json.Unmarshal(bytes.TrimRight(payload, " "), &p); err != nil || p.ID == "" {
		return p, errBadCursor
	}
	return p, nil
}

func (c cursorCodec) mac(payload []byte) []byte {
	h := hmac.New(sha256.New, c.secret)
	h.Write(payload)
	return h.Sum(nil)[:macSize]
}
