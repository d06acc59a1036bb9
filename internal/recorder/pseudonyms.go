package recorder

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// kind is a family of personal values. Each has its own pseudonyms, of its
// own form: a customer's name and an agent's never share one.
type kind byte

const (
	customerName kind = iota
	customerPhone
	customerEmail
	agentName
	agentEmail
	metadataText
	kinds
)

var kindNames = [kinds]string{"customer names", "customer phone numbers", "customer emails", "agent names", "agent emails", "metadata texts"}

// pseudonyms maps each personal value of a recording to its pseudonym: a
// function (one value, one pseudonym, wherever it stands) that is
// one-to-one (two values never share a pseudonym) and never gives a value
// that the recording holds as a personal value or keeps as it is (an
// organization's WhatsApp number), so that no pseudonym can be taken for
// somebody's real data, and none of it survives under another's name.
//
// A pseudonym is derived from its value with HMAC-SHA256 under the
// recording's key: without the key it says nothing of the value (a phone
// number's pseudonym cannot be found by trying every number), and with the
// same key the same value gets the same pseudonym in every recording,
// except where it had to step aside for another (see assign).
type pseudonyms struct {
	key []byte
	// originals are the values to map, by kind, collected first; avoid is
	// every value the recording holds that a pseudonym must not be.
	originals [kinds]map[string]struct{}
	avoid     map[string]struct{}
	// of maps each value to its pseudonym once assign has run.
	of [kinds]map[string]string
}

func newPseudonyms(key []byte) *pseudonyms {
	p := &pseudonyms{key: key, avoid: map[string]struct{}{}}
	for k := range kinds {
		p.originals[k] = map[string]struct{}{}
		p.of[k] = map[string]string{}
	}
	return p
}

// add collects a personal value of kind k. The empty string is no data and
// stays as it is.
func (p *pseudonyms) add(k kind, v string) {
	if v == "" {
		return
	}
	p.originals[k][v] = struct{}{}
	p.avoid[v] = struct{}{}
}

// keep collects a value kept as it is, which no pseudonym may be.
func (p *pseudonyms) keep(v string) { p.avoid[v] = struct{}{} }

// maxTries bounds the derivations tried for one value: far more than a
// recording needs (the nearest space, four digits of a phone number, has a
// thousand pseudonyms), and few enough to say quickly that it has run out.
const maxTries = 100_000

// assign gives every value collected its pseudonym. Values are taken in
// sorted order, each getting the first of its derivations (n = 0, 1, …) that
// neither the recording holds nor an earlier value got: the result depends
// on the key and the set of values only.
func (p *pseudonyms) assign() error {
	taken := map[string]struct{}{}
	for k := range kinds {
		for _, v := range slices.Sorted(maps.Keys(p.originals[k])) {
			assigned := false
			for n := range maxTries {
				candidate := p.derive(k, v, n)
				if _, held := p.avoid[candidate]; held {
					continue
				}
				if _, twice := taken[candidate]; twice {
					continue
				}
				taken[candidate] = struct{}{}
				p.of[k][v] = candidate
				assigned = true
				break
			}
			if !assigned {
				return fmt.Errorf("found no pseudonym for one of the %s in %d tries: the values of its form are all taken "+
					"(a phone number with very few digits after its country code?)", kindNames[k], maxTries)
			}
		}
	}
	return nil
}

// pseudonym is v's, which assign made; the empty string stays empty.
func (p *pseudonyms) pseudonym(k kind, v string) string {
	if v == "" {
		return ""
	}
	s, ok := p.of[k][v]
	if !ok {
		panic(fmt.Sprintf("recorder: a value of the %s was not collected before it was scrubbed", kindNames[k]))
	}
	return s
}

// count is how many distinct values of kind k were scrubbed.
func (p *pseudonyms) count(k kind) int { return len(p.of[k]) }

// digest is the n-th derivation of v of kind k.
func (p *pseudonyms) digest(k kind, v string, n int) []byte {
	mac := hmac.New(sha256.New, p.key)
	var head [9]byte
	head[0] = byte(k)
	binary.BigEndian.PutUint64(head[1:], uint64(n)) //nolint:gosec // n counts up from 0
	mac.Write(head[:])
	mac.Write([]byte(v))
	return mac.Sum(nil)
}

// derive is the n-th candidate pseudonym for v, of kind k's form.
func (p *pseudonyms) derive(k kind, v string, n int) string {
	sum := p.digest(k, v, n)
	code := crockford(sum, codeLength)
	switch k {
	case customerName:
		return "Customer " + code
	case agentName:
		return "Agent " + code
	case customerEmail:
		return "customer-" + strings.ToLower(code) + "@example.com"
	case agentEmail:
		return "agent-" + strings.ToLower(code) + "@example.net"
	case customerPhone:
		if phone, ok := pseudonymousPhone(v, sum); ok {
			return phone
		}
	}
	return "scrubbed-" + strings.ToLower(code)
}

// codeLength is the length of a pseudonym's code: 40 bits, so that two
// values rarely need a second derivation to keep apart.
const codeLength = 8

const crockfordDigits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// crockford is the first n characters of sum in Crockford's base32.
func crockford(sum []byte, n int) string {
	var b strings.Builder
	var acc uint64
	bits := 0
	for _, c := range sum {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 && b.Len() < n {
			bits -= 5
			b.WriteByte(crockfordDigits[(acc>>bits)&31])
		}
		if b.Len() == n {
			break
		}
	}
	return b.String()
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// pseudonymousPhone is a phone number's pseudonym drawn from sum: an E.164
// number keeps its country calling code and its length, and the digits
// after the code become "0" and digits from sum. Right after a country code
// a 0 is dialed only within the country, so that in nearly every country
// (not Italy, San Marino, the Vatican or Côte d'Ivoire, whose numbers keep
// it) no number in use looks like it. Anything else written in a phone
// field keeps its characters but its digits, which come from sum; false
// when it has no digit to replace.
func pseudonymousPhone(v string, sum []byte) (string, bool) {
	digit := digitsOf(sum)
	if e164.MatchString(v) {
		code := callingCode(v[1:])
		national := len(v) - 1 - len(code)
		var b strings.Builder
		b.WriteString("+" + code + "0")
		for range national - 1 {
			b.WriteByte(digit())
		}
		return b.String(), true
	}
	replaced := false
	out := []byte(v)
	for i, c := range out {
		if c >= '0' && c <= '9' {
			out[i] = digit()
			replaced = true
		}
	}
	return string(out), replaced
}

// digitsOf returns decimal digits drawn from sum, then from its hash, and
// so on, as many as asked for.
func digitsOf(sum []byte) func() byte {
	pool, i := sum, 0
	return func() byte {
		if i == len(pool) {
			next := sha256.Sum256(pool)
			pool, i = next[:], 0
		}
		d := '0' + pool[i]%10
		i++
		return d
	}
}

// callingCode is the country calling code that digits (an E.164 number
// without its "+") begins with. The codes form a prefix code: 1 and 7 are
// whole codes of one digit, the two-digit ones are listed, and every other
// code has three digits.
func callingCode(digits string) string {
	switch {
	case digits[0] == '1' || digits[0] == '7':
		return digits[:1]
	case slices.Contains(twoDigitCodes, digits[:2]):
		return digits[:2]
	}
	return digits[:3]
}

// twoDigitCodes are ITU-T E.164's two-digit country calling codes.
var twoDigitCodes = []string{
	"20", "27",
	"30", "31", "32", "33", "34", "36", "39",
	"40", "41", "43", "44", "45", "46", "47", "48", "49",
	"51", "52", "53", "54", "55", "56", "57", "58",
	"60", "61", "62", "63", "64", "65", "66",
	"81", "82", "84", "86",
	"90", "91", "92", "93", "94", "95", "98",
}
