package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"net/url"
	"slices"
	"strconv"
)

// Record is an element of a list endpoint: it names its own id, which the
// drain de-duplicates on and the provider lists in `ids`. Each record type
// defines it once.
type Record interface {
	RecordID() string
}

// ListResult is what draining a list endpoint produced.
type ListResult[T Record] struct {
	// Items are in the API's order, without duplicates (first seen wins).
	// They are not kept when the caller takes them page by page.
	Items []T
	// Count is how many items were delivered.
	Count int
	// Truncated is true when MaxResults stopped the drain while more existed.
	Truncated bool
	// Pages is how many pages were fetched.
	Pages int
	// DuplicatesDropped counts items already seen on an earlier page.
	DuplicatesDropped int
	// Unrecognized counts, by description (such as `status "snoozed"`), the
	// values outside a documented set that items carried. They are kept as
	// sent: the API may add values, and the docs promise stability only for
	// error codes.
	Unrecognized map[string]int
}

// UnrecognizedValues lists Unrecognized's descriptions in order.
func (r ListResult[T]) UnrecognizedValues() []string {
	return slices.Sorted(maps.Keys(r.Unrecognized))
}

// listPage is the documented envelope of every list endpoint.
type listPage[T any] struct {
	Data       []T
	HasMore    bool
	NextCursor *string
	// Raw, when it is not nil as the page is read, receives the JSON text
	// of each row of Data, in step with it (only a drain with eachRawPage
	// asks for it).
	Raw []json.RawMessage
	answer
}

// readPage reads a list page whose rows read reads. A page never holds more
// rows than the limit asked for: reading stops at the first row too many.
func readPage[T Record](d *decoder, p *listPage[T], limit int, read func(*decoder, *T) error) error {
	err := readEnvelope(d, fields[listPage[T]]{
		required("data", func(d *decoder, p *listPage[T]) error {
			p.Data = make([]T, 0, limit)
			return d.array(func() error {
				if len(p.Data) == limit {
					return &contractError{pointer: "/data", reason: fmt.Sprintf("holds more than the %d rows asked for", limit)}
				}
				p.Data = append(p.Data, *new(T))
				row := &p.Data[len(p.Data)-1]
				var start int64
				if p.Raw != nil {
					start = d.tokens.InputOffset()
				}
				if err := read(d, row); err != nil {
					return inRecord(err, (*row).RecordID())
				}
				if p.Raw != nil {
					p.Raw = append(p.Raw, d.rawSince(start))
				}
				return nil
			})
		}),
		required("has_more", func(d *decoder, p *listPage[T]) (err error) { p.HasMore, err = d.boolean(); return }),
		// Opaque, passed back verbatim, never shown.
		nullable("next_cursor", func(d *decoder, p *listPage[T]) (err error) { p.NextCursor, err = some(d.opaque()); return }),
	}, p)
	if err == nil && !p.HasMore && p.NextCursor != nil {
		err = &contractError{pointer: "/next_cursor", reason: "is a cursor while has_more is false: the contract makes it null then"}
	}
	return err
}

// readData reads the envelope of a single object, {"data": {…}}.
func readData[T any](d *decoder, v *T, read func(*decoder, *T) error) error {
	return readEnvelope(d, fields[T]{required("data", read)}, v)
}

// inRecord names, in a reader's error, the record it was reading.
func inRecord(err error, id string) error {
	var ce *contractError
	if id != "" && errors.As(err, &ce) && ce.record == "" {
		ce.record = id
	}
	return err
}

// drainRequest describes one list call.
type drainRequest[T Record] struct {
	path    string
	filters url.Values
	// maxResults stops the drain once that many items are in hand (0 = all).
	maxResults int
	// read reads one item, strictly.
	read func(*decoder, *T) error
	// answers, when set, says why an item does not answer the request (it
	// does not match a filter sent), or nil.
	answers func(*T) error
	// within, when set, says whether an item is inside the window the
	// caller asked for. It is shown every new item in the list's order, to
	// the end of each page, even past the window's end, so that it can check
	// the order the window relies on; an error is that order broken.
	// firstOnPage marks the first new item of a page. The first item
	// outside ends the drain (the order puts every later one outside too).
	within func(item *T, firstOnPage bool) (bool, error)
	// unrecognized, when set, describes a value of the item outside a
	// documented set, or says "".
	unrecognized func(*T) string
	// eachPage, when set, receives each page's new items as soon as the page
	// is in, instead of their being collected into Items.
	eachPage func([]T) error
	// eachRawPage, when set, receives each page's new items with their JSON
	// text, after eachPage if that is set too; they are not collected into
	// Items then either.
	eachRawPage func([]RawRecord[T]) error
}

// maxBarrenPages is how many pages in a row may bring no new row while
// has_more stays true before the drain gives up: a server that pages on
// through empty pages would otherwise be followed for maxPages requests.
const maxBarrenPages = 3

// drain follows next_cursor until has_more is false, asking for no more rows
// than still needed. It refuses to loop: a cursor seen before, has_more
// without a cursor, more than maxBarrenPages pages in a row without a new
// row, or more than maxPages pages end it with an error. Each page is read
// strictly (readPage) and each row must answer the request (r.answers).
//
// With a window (r.within), a drain that reaches maxResults before the
// window's end looks one row further (a page of one), and says Truncated
// only when that row is inside the window: the rows after the window's end
// are not results that were left unread.
func drain[T Record](ctx context.Context, c *Client, r drainRequest[T]) (ListResult[T], error) {
	ctx = withBudget(ctx, c.budget) // one budget for every page of the read
	var result ListResult[T]
	seenIDs := newSeenIDs()
	seenCursors := make(map[string]struct{})
	cursor, barren := "", 0
	peeking := false // maxResults is reached; the drain only looks for one more row in the window
	for {
		if err := ctx.Err(); err != nil {
			return result, fmt.Errorf("listing %s: %w", r.path, err)
		}
		if result.Pages >= c.maxPages {
			return result, &PaginationError{Path: r.path, Page: result.Pages,
				Reason: fmt.Sprintf("more than %d pages; the server keeps saying has_more", c.maxPages)}
		}
		limit := c.pageSize
		switch {
		case peeking:
			limit = 1
		case r.maxResults > 0:
			limit = min(limit, r.maxResults-result.Count)
		}
		page, err := fetchPage[T](ctx, c, r, cursor, limit)
		if err != nil {
			return result, err
		}
		result.Pages++

		fresh, freshRaw, windowClosed, err := newItems(page, r, seenIDs, &result)
		if err != nil {
			return result, c.cleaned(err)
		}
		if peeking {
			if len(fresh) > 0 {
				result.Truncated = true
				return result, nil
			}
		} else if err := deliver(c, r, fresh, freshRaw, &result); err != nil {
			return result, err
		}

		if !page.HasMore || windowClosed {
			return result, nil
		}
		if r.maxResults > 0 && result.Count >= r.maxResults && !peeking {
			if r.within == nil {
				// has_more: the API says more rows match the filters sent.
				result.Truncated = true
				return result, nil
			}
			peeking = true
		}
		if barren = barren + 1; len(fresh) > 0 {
			barren = 0
		}
		if barren > maxBarrenPages {
			return result, &PaginationError{Path: r.path, Page: result.Pages, RequestID: page.requestID,
				Reason: fmt.Sprintf("%d pages in a row brought no new row while has_more stayed true", barren)}
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			return result, &PaginationError{Path: r.path, Page: result.Pages, RequestID: page.requestID,
				Reason: "has_more is true but next_cursor is empty"}
		}
		cursor = *page.NextCursor
		if _, again := seenCursors[cursor]; again {
			return result, &PaginationError{Path: r.path, Page: result.Pages, RequestID: page.requestID,
				Reason: "next_cursor repeats a cursor already followed, which would loop forever"}
		}
		seenCursors[cursor] = struct{}{}
	}
}

// deliver counts a page's new items, and any values outside a documented
// set they carry, and hands them on.
func deliver[T Record](c *Client, r drainRequest[T], fresh []T, freshRaw []json.RawMessage, result *ListResult[T]) error {
	result.Count += len(fresh)
	if r.unrecognized != nil {
		for i := range fresh {
			if what := r.unrecognized(&fresh[i]); what != "" {
				if result.Unrecognized == nil {
					result.Unrecognized = map[string]int{}
				}
				result.Unrecognized[c.clean(what)]++
			}
		}
	}
	switch {
	case r.eachRawPage != nil:
		if r.eachPage != nil {
			if err := r.eachPage(fresh); err != nil {
				return err
			}
		}
		return r.eachRawPage(rawRecords(fresh, freshRaw))
	case r.eachPage != nil:
		return r.eachPage(fresh)
	}
	result.Items = append(result.Items, fresh...)
	return nil
}

// newItems judges a whole page before any of it is taken: every row must
// answer the request, and no id may stand twice on one page (rows that move
// while the list is read explain a repeat across pages, never within one).
// Rows seen on an earlier page are then dropped, and the window, if any, is
// shown each row left, to the page's end; the rows before the first outside
// it are the page's new items, and windowClosed says that one came;
// freshRaw is their JSON text when the page kept it (Raw).
func newItems[T Record](page *listPage[T], r drainRequest[T], seen seenIDs, result *ListResult[T]) (fresh []T, freshRaw []json.RawMessage, windowClosed bool, err error) {
	onPage := make(map[string]int, len(page.Data))
	for i := range page.Data {
		item := &page.Data[i]
		id := (*item).RecordID()
		if r.answers != nil {
			if err := r.answers(item); err != nil {
				return nil, nil, false, page.contractError(r.path, fmt.Sprintf("/data/%d", i), id, err.Error())
			}
		}
		if first, twice := onPage[id]; twice {
			return nil, nil, false, page.contractError(r.path, fmt.Sprintf("/data/%d", i), id,
				fmt.Sprintf("repeats the id of /data/%d: a page lists each record once", first))
		}
		onPage[id] = i
	}
	fresh = make([]T, 0, len(page.Data))
	sawNew := false
	for i := range page.Data {
		item := &page.Data[i]
		id := (*item).RecordID()
		if !seen.add(id) {
			result.DuplicatesDropped++
			continue
		}
		if r.within != nil {
			in, err := r.within(item, !sawNew)
			sawNew = true
			if err != nil {
				return nil, nil, false, page.contractError(r.path, fmt.Sprintf("/data/%d", i), id, err.Error())
			}
			windowClosed = windowClosed || !in
		}
		if !windowClosed {
			fresh = append(fresh, *item)
			if page.Raw != nil {
				freshRaw = append(freshRaw, page.Raw[i])
			}
		}
	}
	return fresh, freshRaw, windowClosed, nil
}

func fetchPage[T Record](ctx context.Context, c *Client, r drainRequest[T], cursor string, limit int) (*listPage[T], error) {
	query := url.Values{}
	for k, vs := range r.filters {
		for _, v := range vs {
			if v != "" {
				query.Add(k, v)
			}
		}
	}
	query.Set("limit", strconv.Itoa(limit))
	if cursor != "" {
		query.Set("cursor", cursor)
	}
	var page listPage[T]
	if r.eachRawPage != nil {
		page.Raw = make([]json.RawMessage, 0, limit)
	}
	var err error
	page.answer, err = c.get(ctx, r.path, query, func(d *decoder) error { return readPage(d, &page, limit, r.read) })
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// seenIDs are the ids a drain has delivered, each held as 128 bits of two
// hashes under seeds of the drain's own instead of as its text: a drain of
// 100,000 rows that keeps none of them (a summary) keeps 16 bytes a row for
// this, not the id strings. Random seeds make a collision between two ids
// a chance of about n²/2¹²⁹ that no server can arrange.
type seenIDs struct {
	seeds [2]maphash.Seed
	keys  map[[2]uint64]struct{}
}

func newSeenIDs() seenIDs {
	return seenIDs{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, keys: map[[2]uint64]struct{}{}}
}

// add records id and reports whether it is new.
func (s seenIDs) add(id string) bool {
	key := [2]uint64{maphash.String(s.seeds[0], id), maphash.String(s.seeds[1], id)}
	if _, seen := s.keys[key]; seen {
		return false
	}
	s.keys[key] = struct{}{}
	return true
}
