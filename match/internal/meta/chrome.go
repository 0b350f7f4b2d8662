package meta

import (
	"strings"
	"unicode/utf8"
)

// When a web page is flattened onto one line, its navigation, the name of
// the column and the title run together without a separator:
//
//	【字体：大 中 小】 打印本页宁都县青山乡人民政府2025年…
//	首页 > 政务公开 > 政府信息公开年报台州市黄岩区人民政府2022年…
//	> 政府信息公开工作年度报告鼎城区古城镇人民政府2022年…
//	沭阳县人民政府沭阳县发展和改革局2023年…
//
// so the name read backwards from a title starts somewhere inside a longer
// run of Chinese text. cutName finds where: right after a word that ends
// page chrome or a column's name, or where the site's name repeats the
// place that starts the body's.

// chrome is page chrome that no body's name starts with; it is dropped
// from the front of a name wherever it stands.
var chrome = []string{
	"无障碍浏览", "无障碍阅读", "无障碍", "长者专版", "长者模式", "关怀版", "适老版", "适老化", "老年版",
	"繁體版", "繁體", "繁体", "简体版", "简体", "手机版", "移动版",
	"网站首页", "首页", "您当前的位置", "您现在的位置", "您的位置", "当前位置", "所在位置", "位置",
	"标题", "正文", "详情", "内容",
	"打印本页", "打印此页", "打印文章", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部", "返回",
	"字号大中小", "字体大中小", "大中小", "字号", "字体", "默认",
	"分享到", "分享", "收藏", "扫一扫在手机打开当前页", "扫一扫", "信息来源", "来源", "发布机构",
}

// columns end the names of a site's columns and of the page a title sits
// on; a name may start right after one, but some of them also occur inside
// names (政务公开办公室), so a cut there must leave a name.
var columns = []string{
	"年度报告", "报告", "年报", "政务公开", "信息公开", "主动公开", "依申请公开",
	"公开指南", "公开制度", "公开目录", "公开内容", "公开平台",
	"工作动态", "通知公告", "政策文件", "政策解读", "部门文件", "其他文件", "专题专栏",
	"机构职能", "领导信息", "规划计划", "财政信息", "人事信息",
	"门户网站", "政府网站", "政府网",
}

// cutEnds holds the last character of every word in chrome and columns,
// so that only positions where one can end are checked.
var cutEnds = func() string {
	var b strings.Builder
	for _, list := range [][]string{chrome, columns} {
		for _, w := range list {
			r, _ := utf8.DecodeLastRuneInString(w)
			if !strings.ContainsRune(b.String(), r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}()

// maxName is the longest name in runes a title or signature may give.
const maxName = 40

// cutName returns the body's name that ends run, a run of Chinese text
// read backwards from a title: the longest suffix behind chrome or a
// column's name that can stand as a name by itself, else run.
func cutName(run string) string {
	// Candidates are the ends of chrome and column words, nearest first:
	// anything in front of the nearest is no part of the name, unless
	// what is behind it cannot be a name (…政务公开办公室).
	i := len(run)
	for n := 0; n <= maxName && i > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(run[:i])
		if i < len(run) && strings.ContainsRune(cutEnds, r) && endsCut(run[:i]) && standsAlone(run[i:]) {
			run = run[i:]
			break
		}
		i -= size
	}
	return cutSite(run)
}

// endsCut reports whether s ends in a word of chrome or columns.
func endsCut(s string) bool {
	for _, list := range [][]string{chrome, columns} {
		for _, w := range list {
			if strings.HasSuffix(s, w) {
				return true
			}
		}
	}
	return false
}

// cutSite drops a site's name in front of a body's name when both start
// with the same place: 沭阳县人民政府沭阳县发展和改革局 → 沭阳县发展和改革局.
func cutSite(name string) string {
	place := leadingPlace(name)
	if place == "" {
		return name
	}
	for off := len(place); ; {
		k := strings.Index(name[off:], place)
		if k < 0 {
			return name
		}
		i := off + k
		off = i + len(place)
		site := name[:i]
		if (hasAdminSuffix(site) || strings.HasSuffix(site, "网") || strings.HasSuffix(site, "网站")) && standsAlone(name[i:]) {
			return name[i:]
		}
	}
}

// leadingPlace returns the place that starts name (沭阳县, 曲靖市), or "".
func leadingPlace(name string) string {
	for i, r := range name {
		if i >= 10*3 {
			break
		}
		if i > 0 && strings.ContainsRune("省市区县州盟旗", r) {
			return name[:i+utf8.RuneLen(r)]
		}
	}
	return ""
}

// notStart are words that continue a name but do not start one.
var notStart = []string{"人民", "政府", "办公", "办事", "街道", "委员", "领导", "小组", "工作", "管理", "服务", "中心", "公开", "信息", "大中", "中小"}

// standsAlone reports whether s, cut from the end of a longer run, can be
// a body's name by itself: it ends like a name, starts like one (not with
// chrome or a column's name, which a nearer cut failed to drop), and is
// more than the word for what the body is.
func standsAlone(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > maxName || !hasAdminSuffix(s) || !namesBody(s) || isBare(s) {
		return false
	}
	for _, list := range [][]string{notStart, chrome, columns} {
		for _, w := range list {
			if strings.HasPrefix(s, w) {
				return false
			}
		}
	}
	return true
}

// bareWords are the words for what a body is, which name none without a
// place or a field in front: 政府, 街道办事处, 人民政府办公室.
var bareWords = []string{"人民政府", "政府", "办公室", "办事处", "街道", "委员会", "中心"}

// isBare reports whether name is nothing but such words and the
// one-character endings of names (县政府, 市局, 政府办).
func isBare(name string) bool {
	for name != "" {
		trimmed := false
		for _, w := range bareWords {
			if strings.HasSuffix(name, w) {
				name, trimmed = name[:len(name)-len(w)], true
				break
			}
		}
		if !trimmed {
			r, size := utf8.DecodeLastRuneInString(name)
			if !strings.ContainsRune(suffixRunes, r) {
				return false
			}
			name = name[:len(name)-size]
		}
	}
	return true
}
