// Package soffice converts files with LibreOffice (soffice --headless
// --convert-to), for what nothing in Go does: printing a Word document to
// PDF, and checking in tests that LibreOffice opens what nianbao writes.
package soffice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"nianbao"
)

// Timeout bounds one run of LibreOffice, which takes a few seconds to
// start; FileTimeout adds to it for each file converted in the run.
const Timeout, FileTimeout = 2 * time.Minute, 10 * time.Second

// fontsConf is the fontconfig configuration LibreOffice runs with: the
// machine's own, and for each font of 公文 (GB/T 9704) that a Linux
// machine seldom has, the fonts to use in its place — accepted only after
// the font itself, so an installed 仿宋_GB2312 is still used. Without it
// LibreOffice sets every Chinese font it lacks in one sans-serif face.
const fontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><accept><family>仿宋</family><family>FangSong</family><family>STFangsong</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>仿宋</family><accept><family>FangSong</family><family>STFangsong</family><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>楷体_GB2312</family><accept><family>楷体</family><family>KaiTi</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>方正小标宋简体</family><accept><family>方正小标宋_GBK</family><family>宋体</family><family>SimSun</family><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>宋体</family><accept><family>SimSun</family><family>Songti SC</family><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>黑体</family><accept><family>SimHei</family><family>Heiti SC</family><family>Noto Sans CJK SC</family></accept></alias>
</fontconfig>
`

// Path returns the LibreOffice command on PATH, or "".
func Path() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Convert converts data, a file with extension ext ("docx"), to format
// to ("pdf"). It runs LibreOffice in a private directory with a profile of
// its own, so that conversions never wait on each other's lock. component
// is the Debian package of LibreOffice that converts this kind of file,
// named when LibreOffice is missing or writes nothing.
func Convert(ctx context.Context, data []byte, ext, to, component string) ([]byte, error) {
	out, err := ConvertAll(ctx, [][]byte{data}, ext, to, component)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ConvertAll is Convert for many files of one kind in one run of
// LibreOffice: starting it takes seconds, converting a report a fraction
// of one. out[i] is the conversion of files[i]; the first file LibreOffice
// does not convert fails the whole call.
func ConvertAll(ctx context.Context, files [][]byte, ext, to, component string) ([][]byte, error) {
	cmd := Path()
	if cmd == "" {
		return nil, nianbao.Errorf(nianbao.EUNSUPPORTED, "本机未安装 LibreOffice（Debian: apt-get install %s）", component)
	}
	dir, err := os.MkdirTemp("", "nianbao-soffice-")
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法创建临时目录: %v", err)
	}
	defer os.RemoveAll(dir)
	args := []string{"--headless", "--norestore", "--nologo", "--nolockcheck",
		"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", to, "--outdir", filepath.Join(dir, "out")}
	name := func(i int) string { return fmt.Sprintf("input%d", i) }
	for i, data := range files {
		in := filepath.Join(dir, name(i)+"."+ext)
		if err := os.WriteFile(in, data, 0o600); err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法写入临时文件: %v", err)
		}
		args = append(args, in)
	}
	limit := Timeout + FileTimeout*time.Duration(len(files)-1)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	c := exec.CommandContext(ctx, cmd, args...)
	c.Dir = dir
	fc := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(fc, []byte(fontsConf), 0o600); err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法写入临时文件: %v", err)
	}
	c.Env = append(os.Environ(), "HOME="+dir, "FONTCONFIG_FILE="+fc)
	msg, runErr := c.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "LibreOffice 转换超时（超过 %s）", limit)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	out := make([][]byte, len(files))
	for i := range files {
		result, err := os.ReadFile(filepath.Join(dir, "out", name(i)+"."+strings.SplitN(to, ":", 2)[0]))
		if err != nil {
			if runErr != nil {
				return nil, nianbao.Errorf(nianbao.EINVALID, "LibreOffice 无法转换此文件（文件可能已损坏）：%s", bytes.TrimSpace(msg))
			}
			// LibreOffice ran and wrote nothing: the file is damaged, or the
			// installation lacks the component for this kind.
			return nil, nianbao.Errorf(nianbao.EINVALID, "LibreOffice 未能转换此文件：文件可能已损坏，或 LibreOffice 缺少相应组件（Debian: apt-get install %s）", component)
		}
		out[i] = result
	}
	return out, nil
}
