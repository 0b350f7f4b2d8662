// Package pdf reads the text layer of a PDF report into the neutral
// document: tables rebuilt from their ruling lines as grids, merged cells
// written once, and the rest of the page as lines of text in reading order.
//
// It is a small PDF reader of its own, in pure Go: classic and stream
// cross-reference tables (rebuilt by scanning the file when they are
// broken), object streams, the Flate, LZW, ASCIIHex, ASCII85 and RunLength
// filters with their predictors, the standard security handler for files
// that open without a password (RC4, AES-128, AES-256), simple and
// composite fonts with their width tables, ToUnicode CMaps, Identity-H/V and
// the predefined Chinese CMaps. Images are never decoded: a PDF whose pages
// carry images and no text is a scan, and is reported as one.
//
// Positions are nianbao.Pos with Page (1-based) and Box, the rectangle
// x0, y0, x1, y1 in points from the top-left corner of the page as
// displayed (rotation applied).
package pdf

import (
	"bytes"

	"nianbao"
	"nianbao/document"
	"nianbao/reader/internal/limit"
)

// recoverPanics turns a panic in reading into an error; the fuzz test turns
// it off to find them.
var recoverPanics = true

// Read reads a PDF's text layer into a document.
func Read(data []byte) (*document.Document, error) {
	return ReadBudget(data, limit.New(limit.Limits{}))
}

// ReadBudget is Read charging what it reads to bud; past a limit it fails
// with ETOOLARGE.
func ReadBudget(data []byte, bud *limit.Budget) (doc *document.Document, err error) {
	if recoverPanics {
		defer func() {
			if r := recover(); r != nil {
				doc, err = nil, nianbao.Errorf(nianbao.EINVALID, "PDF 文件已损坏，无法读取")
			}
		}()
	}
	defer limit.Recover(&err) // before the above: a limit reached is not damage
	pages, err := readPages(data, bud)
	if err != nil {
		return nil, err
	}
	return layoutDocument(pages, bud), nil
}

// readPages parses the file and interprets every page's content.
func readPages(data []byte, bud *limit.Budget) ([]*pageContent, error) {
	head := data[:min(len(data), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		return nil, nianbao.Errorf(nianbao.EINVALID, "不是 PDF 文件：缺少 PDF 文件头")
	}
	f, err := openFile(data, bud)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "PDF 文件已损坏：找不到交叉引用表和文档目录，文件可能不完整")
	}
	if err := f.setupCrypt(); err != nil {
		if err == errNeedPassword {
			return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "PDF 已加密，需要密码才能打开：请提供未加密的文件")
		}
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "PDF 使用了不支持的加密方式")
	}
	infos := f.pageTree()
	if len(infos) == 0 {
		if f.trailer["Encrypt"] != nil {
			return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "PDF 已加密，无法解密：请提供未加密的文件")
		}
		return nil, nianbao.Errorf(nianbao.EINVALID, "PDF 文件已损坏：找不到任何页面")
	}
	if f.missing > 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "PDF 文件不完整或已损坏（可能下载中断）：有 %d 页找不到", f.missing)
	}
	fonts := map[any]*font{}
	var pages []*pageContent
	glyphs, images := 0, 0
	for i, pi := range infos {
		pc, ok := f.readPage(pi, fonts)
		if !ok {
			return nil, nianbao.Errorf(nianbao.EINVALID, "PDF 文件不完整或已损坏（可能下载中断）：第 %d 页的内容无法读取", i+1)
		}
		glyphs += len(pc.glyphs)
		images += pc.images
		bud.Glyphs(len(pc.glyphs))
		pages = append(pages, pc)
	}
	if glyphs == 0 {
		if images > 0 {
			return nil, nianbao.Errorf(nianbao.ENOTREPORT, "PDF 没有文字层：报告是扫描图片，需要先做文字识别（OCR）")
		}
		return nil, nianbao.Errorf(nianbao.ENOTREPORT, "PDF 没有文字层：%d 页中没有任何文字", len(pages))
	}
	return pages, nil
}

// pageInfo is a page dictionary with its inherited attributes.
type pageInfo struct {
	d      Dict
	res    Dict
	box    [4]float64
	rotate int
}

// pageTree walks the page tree in order.
func (f *file) pageTree() []pageInfo {
	root := f.dict(f.trailer["Root"])
	var out []pageInfo
	seen := map[any]bool{}
	var walk func(node any, inh pageInfo, depth int)
	walk = func(node any, inh pageInfo, depth int) {
		if depth > 64 || len(out) > 10000 {
			return
		}
		if r, ok := node.(Ref); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		d := f.dict(node)
		if d == nil {
			f.missing++
			return
		}
		if res := f.dict(d["Resources"]); res != nil {
			inh.res = res
		}
		if b, ok := f.rect(d["CropBox"]); ok {
			inh.box = b
		} else if b, ok := f.rect(d["MediaBox"]); ok {
			inh.box = b
		}
		if r, ok := f.integer(d["Rotate"]); ok {
			inh.rotate = ((r % 360) + 360) % 360 / 90 * 90 % 360
		}
		kids, hasKids := f.resolve(d["Kids"]).(Array)
		if f.name(d["Type"]) == "Page" || !hasKids && d["Contents"] != nil {
			inh.d = d
			out = append(out, inh)
			return
		}
		for _, k := range kids {
			walk(k, inh, depth+1)
		}
	}
	walk(root["Pages"], pageInfo{box: [4]float64{0, 0, 595, 842}}, 0)
	return out
}

func (f *file) rect(o any) ([4]float64, bool) {
	a := f.array(o)
	if len(a) != 4 {
		return [4]float64{}, false
	}
	var r [4]float64
	for i := range 4 {
		v, ok := f.num(a[i])
		if !ok {
			return r, false
		}
		r[i] = v
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	if r[2]-r[0] < 1 || r[3]-r[1] < 1 {
		return r, false
	}
	return r, true
}

// readPage interprets a page's content; ok is false when some of its
// content could not be read.
func (f *file) readPage(pi pageInfo, fonts map[any]*font) (*pageContent, bool) {
	llx, lly, urx, ury := pi.box[0], pi.box[1], pi.box[2], pi.box[3]
	w, h := urx-llx, ury-lly
	pc := &pageContent{width: w, height: h}
	// The page matrix takes user space to display space: y down from the
	// top-left corner of the page as shown.
	var m matrix
	switch pi.rotate {
	case 90:
		m = matrix{0, 1, 1, 0, -lly, -llx}
		pc.width, pc.height = h, w
	case 180:
		m = matrix{-1, 0, 0, 1, urx, -lly}
	case 270:
		m = matrix{0, -1, -1, 0, ury, urx}
		pc.width, pc.height = h, w
	default:
		m = matrix{1, 0, 0, -1, -llx, ury}
	}
	ok := true
	var content []byte
	switch c := f.resolve(pi.d["Contents"]).(type) {
	case *Stream:
		data, err := f.decode(c)
		if err != nil && (len(data) == 0 || err == errTruncated) {
			ok = false
		}
		content = data
	case Array:
		for _, x := range c {
			s, isStm := f.resolve(x).(*Stream)
			if !isStm {
				ok = false
				continue
			}
			data, err := f.decode(s)
			if err != nil && (len(data) == 0 || err == errTruncated) {
				ok = false
			}
			content = append(content, data...)
			content = append(content, '\n')
		}
	case nil:
		if pi.d["Contents"] != nil {
			ok = false
		}
	}
	in := newInterp(f, pc, m, fonts)
	in.run(content, pi.res)
	return pc, ok
}
