package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"nianbao"
)

// agency is a reporting body: its full name, the way its reports refer to
// themselves, and the city whose portal publishes the report.
type agency struct {
	name, self, city string
}

var places = []struct {
	city      string
	districts []string
}{
	{"洛阳市", []string{"西工区", "老城区", "涧西区", "栾川县", "宜阳县"}},
	{"曲靖市", []string{"麒麟区", "沾益区", "陆良县", "师宗县"}},
	{"台州市", []string{"路桥区", "椒江区", "黄岩区", "天台县"}},
	{"绵阳市", []string{"涪城区", "游仙区", "平武县", "三台县"}},
	{"赣州市", []string{"章贡区", "南康区", "宁都县", "兴国县"}},
	{"南平市", []string{"建阳区", "延平区", "武夷山市", "浦城县"}},
	{"邯郸市", []string{"丛台区", "复兴区", "磁县", "涉县"}},
	{"宜宾市", []string{"翠屏区", "南溪区", "江安县", "长宁县"}},
	{"常德市", []string{"武陵区", "鼎城区", "桃源县", "澧县"}},
	{"九江市", []string{"濂溪区", "浔阳区", "永修县", "都昌县"}},
}

var (
	departments = []string{"自然资源局", "生态环境局", "市场监督管理局", "人力资源和社会保障局", "教育局",
		"卫生健康委员会", "住房和城乡建设局", "交通运输局", "农业农村局", "财政局", "司法局", "民政局",
		"统计局", "应急管理局", "医疗保障局", "退役军人事务局"}
	streets = []string{"王城路街道办事处", "珠街街道办事处", "路北街道办事处", "城东街道办事处", "新华街道办事处",
		"南湖街道办事处", "文昌街道办事处"}
	towns = []string{"城关镇", "白马镇", "龙泉镇", "响岩镇", "古城镇", "青山乡", "石桥乡", "红星乡"}
)

func newAgency(rng *rand.Rand) agency {
	p := places[rng.IntN(len(places))]
	city, district := p.city, pick(rng, p.districts...)
	// A county-level body calls its area 我区, 我县 or 我市 after its last character.
	area := "我" + district[len(district)-len("区"):]
	dept := func() agency {
		d := pick(rng, departments...)
		if strings.HasSuffix(d, "委员会") {
			return agency{name: d, self: "我委"}
		}
		return agency{name: d, self: pick(rng, "我局", "本局")}
	}
	var a agency
	switch rng.IntN(7) {
	case 0:
		a = agency{name: city + district + "人民政府办公室", self: pick(rng, "本机关", "我办")}
	case 1:
		a = dept()
		a.name = district + a.name
	case 2:
		a = dept()
		a.name = city + a.name
	case 3:
		a = agency{name: district + pick(rng, streets...), self: pick(rng, "我街道", "本街道")}
	case 4:
		t := pick(rng, towns...)
		a = agency{name: district + t + "人民政府", self: "我" + t[len(t)-len("镇"):]}
	case 5:
		a = agency{name: city + district + "人民政府", self: pick(rng, area, "本级政府")}
	default:
		a = agency{name: city + "人民政府办公室", self: pick(rng, "本机关", "市政府办公室")}
	}
	a.city = city
	return a
}

// prose is the text of a report around its tables, in full-width
// punctuation (style.text converts it).
type prose struct {
	chromeTop, chromeBottom []string // web-page lines before and after the report
	clock                   string   // the time of day after the top date
	preface                 []string // paragraphs between the title and 一、
	// sections holds the paragraphs under each heading; in 二, 三 and 四
	// they come before the table.
	sections [6][]string
	sign     bool // the report ends with the agency's name even without a date
}

func writeProse(rng *rand.Rand, s *Sample, ag agency) prose {
	st, r := &s.style, s.Report
	coin := func(n int) bool { return rng.IntN(n) == 0 }
	year, next := st.year(r.Year), st.year(r.Year+1)
	var p prose
	// fill completes a sentence: {Y} the year, {N} the next, {A} the
	// agency, {S} how it calls itself, {k} and {m} a fresh count each.
	names := strings.NewReplacer("{Y}", year, "{N}", next, "{A}", r.Agency, "{S}", ag.self)
	fill := func(format string) string {
		s := names.Replace(format)
		for strings.Contains(s, "{k}") {
			s = strings.Replace(s, "{k}", fmt.Sprint(1+rng.IntN(400)), 1)
		}
		for strings.Contains(s, "{m}") {
			s = strings.Replace(s, "{m}", fmt.Sprint(rng.IntN(60)), 1)
		}
		return s
	}

	if st.chrome {
		p.chromeTop = append(p.chromeTop, "无障碍浏览 长者专版")
		if coin(2) {
			p.chromeTop = append(p.chromeTop, "首页 > 政务公开 > 政府信息公开年报")
		} else {
			p.chromeTop = append(p.chromeTop, "当前位置：首页 > 政府信息公开 > 政府信息公开工作年度报告")
		}
		if coin(2) {
			p.chromeTop = append(p.chromeTop, "【字体：大 中 小】 打印本页")
		}
		p.chromeBottom = []string{
			"【打印本页】 【关闭窗口】",
			"主办单位：" + ag.city + "人民政府办公室",
			fmt.Sprintf("CopyRight 2016-%d 版权所有 | 备案号：%sICP备%08d号-%d", r.Year+1,
				pick(rng, "豫", "滇", "浙", "蜀", "赣", "闽", "冀", "湘"), rng.IntN(1e8), 1+rng.IntN(3)),
		}
	}
	p.clock = fmt.Sprintf("%02d:%02d", 8+rng.IntN(10), rng.IntN(60))

	if coin(2) {
		notice := "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
		if r.Template == nianbao.Format2019 {
			notice = "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
		}
		p.preface = append(p.preface, fill("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"+notice+
			"要求编制。本报告中所列数据的统计期限自{Y}1月1日起至{Y}12月31日止。")+
			fmt.Sprintf("如对本报告有疑问，请与%s联系（联系电话：0%d-%d）。", r.Agency, 310+rng.IntN(600), 2000000+rng.IntN(7000000)))
	}

	received, ok := rowSum(r, nianbao.NewReceived)
	applied := fill("{Y}，{S}未收到政府信息公开申请。")
	if !ok || received > 0 {
		applied = fill("{Y}，{S}共收到政府信息公开申请") + fmt.Sprint(received) + "件，均在法定期限内依法予以答复。"
		if !ok {
			applied = fill("{Y}，{S}依法办理政府信息公开申请，均在法定期限内予以答复。")
		}
	}

	// 一、总体情况: an opening paragraph, then either the five aspects of
	// the work under their own headings or a single paragraph.
	sec := &p.sections[0]
	*sec = append(*sec, fill(pick(rng,
		"{Y}，{A}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作持续深化政务公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
		"{Y}以来，{S}认真贯彻落实上级关于政务公开工作的决策部署，着力推进决策、执行、管理、服务、结果公开，强化政策解读与回应关切，政府信息公开工作取得新成效。",
		"{Y}，在上级政务公开办公室的指导下，{S}严格落实政府信息公开各项法定义务，以公开促落实、以公开促规范、以公开促服务，政务公开工作质量稳步提升。现将有关情况报告如下：")))
	aspects := []struct {
		title string
		text  []string
	}{
		{"主动公开", []string{
			"{Y}，{S}通过政府门户网站主动公开政府信息{k}条，其中政策文件{m}条，通知公告{m}条，工作动态{k}条。",
			"{S}坚持“以公开为常态、不公开为例外”，全年在政府信息公开专栏发布各类信息{k}条，政务新媒体发布信息{k}条，及时公开财政预决算、重大项目、民生实事等重点领域信息。"}},
		{"依申请公开", []string{applied,
			"{S}进一步规范依申请公开受理、登记、审核、答复等环节，严格落实“一事一档”要求。" + applied}},
		{"政府信息管理", []string{
			"{S}严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
			"{S}动态调整政府信息公开目录，及时清理、更新过时信息，{Y}共清理过时信息{m}条。"}},
		{"政府信息公开平台建设", []string{
			"{S}充分发挥政府门户网站第一平台作用，优化栏目设置，同步通过微信公众号等新媒体发布信息，拓宽信息公开渠道。",
			"{S}加强政务公开专区建设，在便民服务中心设置政府信息查阅点，为群众提供查阅和咨询服务。"}},
		{"监督保障", []string{
			"{S}成立政务公开工作领导小组，明确专人负责，将政务公开工作纳入年度目标考核，{Y}未发生政务公开责任追究情况。",
			"{S}组织开展政务公开业务培训{m}次，定期开展自查整改，确保各项要求落到实处。"}},
	}
	if coin(4) {
		*sec = append(*sec, fill(aspects[0].text[0])+applied)
	} else {
		suffix := pick(rng, "", "情况")
		for i, a := range aspects {
			*sec = append(*sec, st.label("（"+string([]rune("一二三四五")[i])+"）"+a.title+suffix))
			*sec = append(*sec, fill(pick(rng, a.text...)))
		}
	}

	// 二、三、四: sometimes a sentence before the table.
	if coin(3) {
		p.sections[1] = []string{fill("{Y}，{S}主动公开政府信息情况如下：")}
	}
	if coin(3) {
		p.sections[2] = []string{applied}
	}
	if coin(3) {
		cases := r.Review[nianbao.Reconsideration][nianbao.ReviewTotal].Add(r.Review[nianbao.LitigationDirect][nianbao.ReviewTotal]).
			Add(r.Review[nianbao.LitigationAfterReconsideration][nianbao.ReviewTotal])
		if isZero(cases) {
			p.sections[3] = []string{fill("{Y}，{S}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")}
		} else {
			p.sections[3] = []string{fill("{Y}，{S}因政府信息公开工作被申请行政复议、提起行政诉讼情况如下：")}
		}
	}

	// 五: problems of this year and what is planned for the next.
	problems := []string{"主动公开的深度和广度有待进一步拓展", "政策解读形式较为单一，图解、视频等形式运用不多",
		"工作人员业务能力有待进一步提升", "部分栏目信息更新不够及时", "公众参与渠道有待进一步拓宽"}
	plans := []string{"加强业务培训，提升工作人员业务水平", "丰富政策解读形式，提高解读质量",
		"加强栏目日常维护，确保信息及时更新", "健全信息发布审核机制，严把信息发布关口", "拓宽公众参与渠道，积极回应社会关切"}
	rng.Shuffle(len(problems), func(i, j int) { problems[i], problems[j] = problems[j], problems[i] })
	rng.Shuffle(len(plans), func(i, j int) { plans[i], plans[j] = plans[j], plans[i] })
	found := fill("{Y}，{S}政府信息公开工作取得了一定成效，但仍存在一些不足：一是") + problems[0] + "；二是" + problems[1] + "。"
	plan := fill("{N}，{S}将重点做好以下工作：一是") + plans[0] + "；二是" + plans[1] + "；三是" + plans[2] + "。"
	if coin(2) {
		p.sections[4] = []string{st.label("（一）主要问题"), found, st.label("（二）改进情况"), plan}
	} else {
		p.sections[4] = []string{found, plan}
	}

	// 六: fees of the 信息处理费 (国办函〔2020〕109号) and anything else.
	p.sections[5] = []string{fill(pick(rng,
		"{Y}，{S}未收取政府信息公开信息处理费。",
		"本年度无收取信息处理费相关情况及其他需要报告的事项。",
		"无。"))}
	if coin(3) {
		p.sections[5] = append(p.sections[5], fill("{Y}，{S}共办理人大代表建议{m}件、政协提案{m}件，均已按期办结。"))
	}
	p.sign = coin(3)
	return p
}

// rowSum is the sum of a table 三 row's applicant columns, when all are stated.
func rowSum(r *nianbao.Report, row nianbao.Row) (int64, bool) {
	sum := nianbao.Int(0)
	for c := range nianbao.ColumnTotal {
		sum = sum.Add(r.Requests[row][c])
	}
	return sum.Int64()
}
