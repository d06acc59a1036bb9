package kirimchat

import (
	"bytes"
	"context"
	"encoding/json"
)

// RawRecord is a record the strict reader accepted, with the JSON text the
// API sent for it: every member, the undocumented ones too, as it came
// (the reader has checked it: no name twice, valid UTF-8, no trace of the
// key). The sandbox's recorder keeps it; the provider never asks for it.
type RawRecord[T any] struct {
	Record T
	JSON   json.RawMessage
}

// rawSince is the JSON text of the value the decoder read after offset
// start (the end of the token before it), without the white space and the
// separator, "," or ":", in between. It is a copy: the body's buffer is
// reused once the call returns.
func (d *decoder) rawSince(start int64) json.RawMessage {
	return bytes.Clone(bytes.TrimLeft(d.body[start:d.tokens.InputOffset()], " \t\r\n,:"))
}

// rawRecords pairs a page's new items with their JSON text.
func rawRecords[T any](items []T, raw []json.RawMessage) []RawRecord[T] {
	out := make([]RawRecord[T], len(items))
	for i := range items {
		out[i] = RawRecord[T]{Record: items[i], JSON: raw[i]}
	}
	return out
}

// GetMeRaw reads GET /me as GetMe does, with the JSON text of its data.
func (c *Client) GetMeRaw(ctx context.Context) (RawRecord[Me], error) {
	var out RawRecord[Me]
	_, err := c.get(ctx, "/me", nil, func(d *decoder) error {
		return readData(d, &out.Record, func(d *decoder, m *Me) error {
			start := d.tokens.InputOffset()
			if err := meFields.readObject(d, m); err != nil {
				return err
			}
			out.JSON = d.rawSince(start)
			return nil
		})
	})
	if err != nil {
		return RawRecord[Me]{}, err
	}
	return out, nil
}
