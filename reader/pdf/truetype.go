package pdf

import "encoding/binary"

// For composite fonts that come without a ToUnicode CMap, the text of a
// glyph can still be found in the embedded TrueType font's own cmap table,
// read backwards: glyph id → the character the font maps to it.

// trueTypeUnicode returns the glyph-to-character map of a TrueType font
// program, from its Unicode cmap subtable (format 4 or 12).
func trueTypeUnicode(data []byte) map[uint16]rune {
	be := binary.BigEndian
	if len(data) < 12 {
		return nil
	}
	n := int(be.Uint16(data[4:]))
	var cmap []byte
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil
		}
		if string(data[rec:rec+4]) == "cmap" {
			off, length := int(be.Uint32(data[rec+8:])), int(be.Uint32(data[rec+12:]))
			if off < 0 || length < 0 || off > len(data) {
				return nil
			}
			cmap = data[off:min(len(data), off+length)]
			break
		}
	}
	if len(cmap) < 4 {
		return nil
	}
	// Choose a Unicode subtable: (3,10) full, else (3,1) or (0,*) BMP.
	best, bestRank := -1, 0
	for i := 0; i < int(be.Uint16(cmap[2:])); i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		pid, eid := be.Uint16(cmap[rec:]), be.Uint16(cmap[rec+2:])
		rank := 0
		switch {
		case pid == 3 && eid == 10:
			rank = 3
		case pid == 3 && eid == 1, pid == 0:
			rank = 2
		}
		if rank > bestRank {
			best, bestRank = int(be.Uint32(cmap[rec+4:])), rank
		}
	}
	if best < 0 || best+4 > len(cmap) {
		return nil
	}
	sub := cmap[best:]
	out := map[uint16]rune{}
	put := func(gid uint16, r rune) {
		// Several characters may share a glyph; keep the smallest, which
		// prefers unified ideographs to compatibility forms.
		if old, ok := out[gid]; gid != 0 && (!ok || r < old) {
			out[gid] = r
		}
	}
	switch be.Uint16(sub) {
	case 4:
		if len(sub) < 14 {
			return nil
		}
		segs := int(be.Uint16(sub[6:])) / 2
		ends, starts := 14, 16+2*segs
		deltas, ranges := starts+2*segs, starts+4*segs
		if ranges+2*segs > len(sub) {
			return nil
		}
		for s := 0; s < segs; s++ {
			end := int(be.Uint16(sub[ends+2*s:]))
			start := int(be.Uint16(sub[starts+2*s:]))
			delta := be.Uint16(sub[deltas+2*s:])
			ro := int(be.Uint16(sub[ranges+2*s:]))
			if start > end || end == 0xFFFF && start == 0xFFFF {
				continue
			}
			for c := start; c <= end; c++ {
				var gid uint16
				if ro == 0 {
					gid = uint16(c) + delta
				} else {
					p := ranges + 2*s + ro + 2*(c-start)
					if p+2 > len(sub) {
						break
					}
					gid = be.Uint16(sub[p:])
					if gid != 0 {
						gid += delta
					}
				}
				put(gid, rune(c))
			}
		}
	case 12:
		if len(sub) < 16 {
			return nil
		}
		groups := int(be.Uint32(sub[12:]))
		for g := 0; g < groups && 16+12*g+12 <= len(sub); g++ {
			p := sub[16+12*g:]
			start, end, gid := be.Uint32(p), be.Uint32(p[4:]), be.Uint32(p[8:])
			if end < start || end-start > 1<<16 || end > 0x10FFFF {
				continue
			}
			for c := start; c <= end; c++ {
				if g := gid + c - start; g < 1<<16 {
					put(uint16(g), rune(c))
				}
			}
		}
	}
	return out
}

// embeddedText sets up a composite font's fallback text from its embedded
// TrueType program and CIDToGIDMap.
func (f *file) embeddedText(ft *font, desc Dict) {
	fd := f.dict(desc["FontDescriptor"])
	s, ok := f.resolve(fd["FontFile2"]).(*Stream)
	if !ok {
		return
	}
	data, err := f.decode(s)
	if err != nil {
		return
	}
	ft.gidText = trueTypeUnicode(data)
	if len(ft.gidText) == 0 {
		ft.gidText = nil
		return
	}
	if m, ok := f.resolve(desc["CIDToGIDMap"]).(*Stream); ok {
		if data, err := f.decode(m); err == nil {
			ft.cidToGID = data
		}
	}
}

// embeddedGlyphText returns a CID's text from the embedded font's cmap.
func (ft *font) embeddedGlyphText(cid uint32) string {
	gid := cid
	if ft.cidToGID != nil {
		if int(2*cid+1) >= len(ft.cidToGID) {
			return ""
		}
		gid = uint32(ft.cidToGID[2*cid])<<8 | uint32(ft.cidToGID[2*cid+1])
	}
	if gid > 0xFFFF {
		return ""
	}
	if r, ok := ft.gidText[uint16(gid)]; ok {
		return string(r)
	}
	return ""
}
