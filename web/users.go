package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/place"
)

// accountBar is what the header shows of the viewer and the instance.
type accountBar struct {
	Name      string // the account signed in, "" for none
	Role      string // its role, in Chinese
	Local     bool   // no accounts: open on the machine itself (banner 本机模式)
	ReadOnly  bool   // uploads refused (banner 只读模式)
	CanLogin  bool   // accounts exist and no one is signed in
	CanRead   bool   // the reports' pages are open to the viewer
	CanUpload bool
	IsAdmin   bool
}

func (s *Server) accountBar(r *http.Request) *accountBar {
	v, ok := r.Context().Value(viewerKey{}).(*viewer)
	if !ok {
		return &accountBar{} // a page refused before anyone was asked who they are
	}
	b := &accountBar{Name: v.name(), Local: v.local,
		ReadOnly: s.opt.ReadOnly || (v.user == nil && !v.local && !s.accountsOn.Load())}
	b.CanRead = s.allowed(readers, v) == nil
	b.CanUpload = s.allowed(uploaders, v) == nil
	b.IsAdmin = s.allowed(admins|needsAccount, v) == nil
	if v.user != nil {
		b.Role = v.user.Role.Label()
	} else {
		b.CanLogin = s.accountsOn.Load()
	}
	return b
}

// describeScope says in Chinese what an account sees.
func describeScope(u *nianbao.User) string {
	switch u.Role {
	case nianbao.RoleSupervisor:
		labels := make([]string, len(u.Places))
		for i, c := range u.Places {
			labels[i] = place.Label(c)
		}
		return strings.Join(labels, "、") + "及其下各地区机关的报告"
	case nianbao.RoleEditor:
		return "“" + u.Body + "”的报告"
	}
	return "全部报告"
}

// formLimit caps the body of the account forms: a few short fields.
const formLimit = 64 << 10

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, formLimit)
	if err := r.ParseForm(); err != nil {
		return nianbao.Errorf(nianbao.EINVALID, "表单数据有误：请重新提交")
	}
	return nil
}

type loginPage struct {
	page
	Next  string
	Name  string
	Error string
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, p *loginPage) {
	p.page = page{Title: "登录"}
	s.render(w, r, status, "login", p)
}

// handleLoginPage serves GET /login; a visitor already signed in goes on
// to where it was going.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if viewerFrom(r.Context()).user != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, &loginPage{Next: next})
}

// handleLogin serves POST /login: the name and password are checked by
// the UserService (throttled, logged); a session cookie follows.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &loginPage{Name: strings.TrimSpace(r.PostForm.Get("name")), Next: safeNext(r.PostForm.Get("next"))}
	v := viewerFrom(r.Context())
	if s.opt.Users == nil || v.local {
		p.Error = "本机模式，未启用账号，无需登录"
		s.renderLogin(w, r, http.StatusForbidden, p)
		return
	}
	ctx := r.Context()
	u, err := s.opt.Users.Authenticate(ctx, p.Name, r.PostForm.Get("password"), v.addr)
	if err != nil {
		s.logError(r, err)
		p.Error = errorMessage(err)
		s.renderLogin(w, r, errorStatus(err), p)
		return
	}
	sess, err := s.opt.Users.CreateSession(nianbao.WithActor(ctx, nianbao.Actor{Name: u.Name, Addr: v.addr}), u.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.token != "" { // another account signed in in this browser: its session ends
		s.opt.Users.DeleteSession(ctx, v.token)
	}
	s.setSessionCookie(w, r, sess)
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// handleLogout serves POST /logout: the session ends on the server, not
// only in the browser.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if v := viewerFrom(r.Context()); v.token != "" && s.opt.Users != nil {
		if err := s.opt.Users.DeleteSession(r.Context(), v.token); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type accountPage struct {
	page
	User     *nianbao.User
	Scope    string
	Tokens   []tokenRow
	NewToken string // a token's secret, shown once, right after it is made
	Message  string
	Error    string
}

type tokenRow struct {
	*nianbao.Token
	Created, Used string
}

// renderAccount shows the viewer's account page with a message or an
// error (status: the error's).
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, p *accountPage) {
	u := viewerFrom(r.Context()).user
	toks, err := s.opt.Users.Tokens(r.Context(), u.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.page, p.User, p.Scope = page{Title: "我的账号", Nav: "account"}, u, describeScope(u)
	for _, t := range toks {
		row := tokenRow{Token: t, Created: s.stamp(t.CreatedAt), Used: "从未使用"}
		if !t.LastUsedAt.IsZero() {
			row.Used = s.stamp(t.LastUsedAt)
		}
		p.Tokens = append(p.Tokens, row)
	}
	s.render(w, r, status, "account", p)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, &accountPage{})
}

// failAccount shows the account page with err, unless err is the
// server's own failure.
func (s *Server) failAccount(w http.ResponseWriter, r *http.Request, err error) {
	if errorStatus(err) >= 500 {
		s.pageError(w, r, err)
		return
	}
	s.renderAccount(w, r, errorStatus(err), &accountPage{Error: errorMessage(err)})
}

var errMismatch = nianbao.Errorf(nianbao.EINVALID, "两次输入的密码不一致")

// handleChangePassword serves POST /account/password. Every session of
// the account ends; this browser gets a new one.
func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.failAccount(w, r, err)
		return
	}
	u := viewerFrom(r.Context()).user
	pw := r.PostForm.Get("new")
	if pw != r.PostForm.Get("confirm") {
		s.failAccount(w, r, errMismatch)
		return
	}
	if err := s.opt.Users.ChangePassword(r.Context(), u.ID, r.PostForm.Get("old"), pw); err != nil {
		s.failAccount(w, r, err)
		return
	}
	sess, err := s.opt.Users.CreateSession(r.Context(), u.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.setSessionCookie(w, r, sess)
	s.renderAccount(w, r, http.StatusOK, &accountPage{Message: "密码已更改；其他浏览器和设备上的登录已结束"})
}

// handleCreateToken serves POST /account/tokens: the secret is on this
// answer only.
func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.failAccount(w, r, err)
		return
	}
	u := viewerFrom(r.Context()).user
	_, secret, err := s.opt.Users.CreateToken(r.Context(), u.ID, r.PostForm.Get("label"))
	if err != nil {
		s.failAccount(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderAccount(w, r, http.StatusOK, &accountPage{NewToken: secret})
}

func (s *Server) handleDeleteToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.failAccount(w, r, nianbao.Errorf(nianbao.ENOTFOUND, "没有编号为 %q 的接口令牌", r.PathValue("id")))
		return
	}
	if err := s.opt.Users.DeleteToken(r.Context(), viewerFrom(r.Context()).user.ID, id); err != nil {
		s.failAccount(w, r, err)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// meJSON is GET /api/me: who the request is made as.
type meJSON struct {
	Name      string       `json:"name,omitempty"`
	Role      nianbao.Role `json:"role,omitempty"`
	RoleLabel string       `json:"role_label,omitempty"`
	Places    []string     `json:"places,omitempty"`
	Body      string       `json:"body,omitempty"`
	Sees      string       `json:"sees"`  // what the account sees, in Chinese
	Local     bool         `json:"local"` // no accounts: the local instance
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	v := viewerFrom(r.Context())
	if v.user == nil {
		writeJSON(w, http.StatusOK, meJSON{Sees: "全部报告（本机模式，未启用账号）", Local: true})
		return
	}
	u := v.user
	writeJSON(w, http.StatusOK, meJSON{Name: u.Name, Role: u.Role, RoleLabel: u.Role.Label(), Places: u.Places, Body: u.Body, Sees: describeScope(u)})
}

// The administrators' page of accounts.

type usersPage struct {
	page
	Users   []userRow
	Roles   []nianbao.Role
	Form    userForm // the new account's fields, kept when it is refused
	Message string
	Error   string
}

type userRow struct {
	*nianbao.User
	Places  string // as the form takes them: codes separated by spaces
	Sees    string
	Created string
}

type userForm struct {
	Name, Role, Places, Body string
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p *usersPage) {
	users, err := s.opt.Users.Users(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.page, p.Roles = page{Title: "账号管理", Nav: "users"}, nianbao.Roles
	for _, u := range users {
		p.Users = append(p.Users, userRow{User: u, Places: strings.Join(u.Places, " "), Sees: describeScope(u), Created: s.stamp(u.CreatedAt)})
	}
	if p.Form.Role == "" {
		p.Form.Role = string(nianbao.RoleEditor)
	}
	s.render(w, r, status, "users", p)
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	p := &usersPage{}
	if name := r.URL.Query().Get("saved"); name != "" {
		p.Message = "已保存账号“" + name + "”"
	}
	s.renderUsers(w, r, http.StatusOK, p)
}

func (s *Server) failUsers(w http.ResponseWriter, r *http.Request, err error, form userForm) {
	if errorStatus(err) >= 500 {
		s.pageError(w, r, err)
		return
	}
	s.renderUsers(w, r, errorStatus(err), &usersPage{Error: errorMessage(err), Form: form})
}

var placeSeparators = regexp.MustCompile(`[\s,，、;；]+`)

// parsePlaces reads a form's places: codes or names of divisions (place.Resolve).
func parsePlaces(s string) ([]string, error) {
	var codes []string
	for _, f := range placeSeparators.Split(strings.TrimSpace(s), -1) {
		if f == "" {
			continue
		}
		p, err := place.Resolve(f)
		if err != nil {
			return nil, err
		}
		codes = append(codes, p.Code)
	}
	return codes, nil
}

// userFromForm reads an account's role, places and body from a form.
func userFromForm(r *http.Request, u *nianbao.User) (userForm, error) {
	f := userForm{Name: strings.TrimSpace(r.PostForm.Get("name")), Role: r.PostForm.Get("role"),
		Places: r.PostForm.Get("places"), Body: strings.TrimSpace(r.PostForm.Get("body"))}
	u.Role = nianbao.Role(f.Role)
	var err error
	if u.Places, err = parsePlaces(f.Places); err != nil {
		return f, err
	}
	// A role's fields only: the form keeps the others' inputs on screen.
	if u.Role != nianbao.RoleSupervisor {
		u.Places = nil
	}
	u.Body = ""
	if u.Role == nianbao.RoleEditor {
		u.Body = f.Body
	}
	return f, nil
}

// handleCreateUser serves POST /users.
func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.failUsers(w, r, err, userForm{})
		return
	}
	u := &nianbao.User{}
	form, err := userFromForm(r, u)
	u.Name = form.Name
	if err == nil && r.PostForm.Get("password") != r.PostForm.Get("confirm") {
		err = errMismatch
	}
	if err == nil {
		err = s.opt.Users.CreateUser(r.Context(), u, r.PostForm.Get("password"))
	}
	if err != nil {
		s.failUsers(w, r, err, form)
		return
	}
	http.Redirect(w, r, "/users?saved="+url.QueryEscape(u.Name), http.StatusSeeOther)
}

// changeUser runs an administrator's change of the account the path
// names, with the form parsed, and goes back to the accounts page.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, change func(u *nianbao.User) error) {
	err := parseForm(w, r)
	var u *nianbao.User
	if err == nil {
		u, err = s.opt.Users.FindUser(r.Context(), r.PathValue("name"))
	}
	if err == nil {
		err = change(u)
	}
	if err != nil {
		s.failUsers(w, r, err, userForm{})
		return
	}
	http.Redirect(w, r, "/users?saved="+url.QueryEscape(u.Name), http.StatusSeeOther)
}

// handleUpdateUser serves POST /users/{name}: role, places, body, disabled.
func (s *Server) handleUpdateUser(w http.ResponseWriter, r *http.Request) {
	s.changeUser(w, r, func(u *nianbao.User) error {
		if _, err := userFromForm(r, u); err != nil {
			return err
		}
		u.Disabled = r.PostForm.Get("disabled") != ""
		return s.opt.Users.UpdateUser(r.Context(), u)
	})
}

// handleResetPassword serves POST /users/{name}/password: an
// administrator sets a new password; the account's sessions end.
func (s *Server) handleResetPassword(w http.ResponseWriter, r *http.Request) {
	s.changeUser(w, r, func(u *nianbao.User) error {
		if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
			return errMismatch
		}
		return s.opt.Users.SetPassword(r.Context(), u.ID, r.PostForm.Get("password"))
	})
}
