package editorial

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/text"
)

// The account rules: who may create, change, disable and reset accounts,
// what an account must have, and the password policy. The Users page, the
// "My account" page, the JSON API and the command line all go through them.

// Person is what an account says of the person who has it.
type Person struct {
	FullName string
	Email    string
	Phone    string
	Position string
}

// NewUser is an account to create.
type NewUser struct {
	Username string
	Role     admin.Role
	UnitID   int64
	// UnitKey names the unit by its key instead (the command line, the
	// API); it wins over UnitID when set.
	UnitKey   string
	Languages []string // an approver's languages; none for all
	Person
	// Password is the password the person chose (the command line asks
	// for it); when empty one is generated, shown once to the
	// administrator and valid for one sign-in only.
	Password string
}

// UserChange is what an administrator changes of an account.
type UserChange struct {
	Role      admin.Role
	UnitID    int64
	UnitKey   string // as in NewUser
	Languages []string
	Disabled  bool
	Person
}

func isAdmin(a Actor) bool {
	return a.User != nil && (a.User.Role == admin.RoleAdmin || a.User == System.User)
}

// checkPerson validates the texts of a person.
func checkPerson(p *Person) error {
	p.FullName, p.Email = text.Line(p.FullName), strings.ToLower(text.Line(p.Email))
	p.Phone, p.Position = text.Line(p.Phone), text.Line(p.Position)
	for _, f := range []struct {
		field, s string
	}{{"full_name", p.FullName}, {"email", p.Email}, {"phone", p.Phone}, {"position", p.Position}} {
		if e := admin.TooLong(f.field, f.s, 200); e != nil {
			return e
		}
	}
	if p.Email != "" {
		a, err := mail.ParseAddress(p.Email)
		if err != nil || a.Address != p.Email || !strings.Contains(p.Email[strings.IndexByte(p.Email, '@')+1:], ".") {
			return invalid("email", "email_invalid", "%q is not an e-mail address (like ten@binhphuoc.gov.vn)", p.Email)
		}
	}
	return nil
}

// checkUnit resolves the unit of an account (by key when key is set),
// refusing a contributor without a unit and a unit that does not exist,
// naming the units there are.
func (s *Service) checkUnit(ctx context.Context, role admin.Role, unitID int64, key string) (int64, error) {
	units, err := s.db.Units(ctx)
	if err != nil {
		return 0, err
	}
	var keys []string
	found := unitID == 0 && key == ""
	for _, u := range units {
		keys = append(keys, u.Key)
		if (key != "" && u.Key == text.Line(key)) || (key == "" && u.ID == unitID) {
			found, unitID = true, u.ID
		}
	}
	if !found {
		return 0, invalid("unit", "unit_unknown", "there is no such unit; the units are %s", strings.Join(keys, ", "))
	}
	if role == admin.RoleContributor && unitID == 0 {
		if len(keys) == 0 {
			return 0, invalid("unit", "unit_required_none", "a contributor writes for a unit, and there is none yet: add the units first")
		}
		return 0, invalid("unit", "unit_required", "a contributor writes for a unit: choose one of %s", strings.Join(keys, ", "))
	}
	return unitID, nil
}

func (s *Service) checkLanguages(langs []string) error {
	for _, l := range langs {
		if !slices.Contains(s.langs, l) {
			return invalid("languages", "unknown_language", "%q is not a language of the site", l)
		}
	}
	return nil
}

// CreateUser creates an account; only administrators (and the command
// line, as System) may. It returns the account and, when the password was
// generated, that password, to be shown once.
func (s *Service) CreateUser(ctx context.Context, actor Actor, in NewUser) (*admin.User, string, error) {
	if !isAdmin(actor) {
		return nil, "", forbidden("forbidden_role", "only administrators manage accounts")
	}
	if !in.Role.Valid() {
		return nil, "", invalid("role", "unknown_role", "unknown role %q", in.Role)
	}
	if err := checkPerson(&in.Person); err != nil {
		return nil, "", err
	}
	unitID, err := s.checkUnit(ctx, in.Role, in.UnitID, in.UnitKey)
	if err != nil {
		return nil, "", err
	}
	in.UnitID = unitID
	if err := s.checkLanguages(in.Languages); err != nil {
		return nil, "", err
	}
	password, generated := in.Password, in.Password == ""
	if generated {
		password = auth.TemporaryPassword()
	} else if e := auth.CheckStrength(password, in.Username, in.FullName, in.Email); e != nil {
		return nil, "", e
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, "", err
	}
	u := &admin.User{Username: in.Username, Role: in.Role, UnitID: in.UnitID, Languages: in.Languages, PasswordHash: hash,
		FullName: in.FullName, Email: in.Email, Phone: in.Phone, Position: in.Position,
		// A press account never signs in to the admin: it reads with its token.
		MustChangePassword: generated && in.Role != admin.RolePress}
	obj := "user/" + text.Fold(text.Line(in.Username))
	if err := s.db.CreateUser(ctx, u, s.event(actor, "user.create", obj, "role "+string(in.Role))); err != nil {
		return nil, "", err
	}
	if !generated {
		password = ""
	}
	return u, password, nil
}

// UpdateUser changes an account's role, unit, languages, disabled flag and
// person; only administrators may, and not to lock themselves out.
// Disabling ends the account's sessions and revokes its API tokens at once.
func (s *Service) UpdateUser(ctx context.Context, actor Actor, id int64, in UserChange) (*admin.User, error) {
	if !isAdmin(actor) {
		return nil, forbidden("forbidden_role", "only administrators manage accounts")
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !in.Role.Valid() {
		return nil, invalid("role", "unknown_role", "unknown role %q", in.Role)
	}
	if actor.User.ID == u.ID && (in.Disabled || in.Role != admin.RoleAdmin) {
		return nil, conflict("not_yourself", "you cannot disable your own account or take away your own administration")
	}
	if err := checkPerson(&in.Person); err != nil {
		return nil, err
	}
	unitID, err := s.checkUnit(ctx, in.Role, in.UnitID, in.UnitKey)
	if err != nil {
		return nil, err
	}
	in.UnitID = unitID
	if err := s.checkLanguages(in.Languages); err != nil {
		return nil, err
	}
	before := describeUser(u)
	u.Role, u.UnitID, u.Languages, u.Disabled = in.Role, in.UnitID, in.Languages, in.Disabled
	u.FullName, u.Email, u.Phone, u.Position = in.FullName, in.Email, in.Phone, in.Position
	ev := s.event(actor, "user.update", "user/"+text.Fold(u.Username), before+" -> "+describeUser(u))
	if err := s.db.UpdateUser(ctx, u, ev); err != nil {
		return nil, err
	}
	return u, nil
}

func describeUser(u *admin.User) string {
	return fmt.Sprintf("role %s, unit %d, languages %v, disabled %v, name %q, e-mail %q", u.Role, u.UnitID, u.Languages, u.Disabled, u.FullName, u.Email)
}

// ResetPassword gives an account a generated password, valid for one
// sign-in, and ends its sessions; with reset2FA it also removes the
// two-factor enrolment. Only administrators may. It returns the password,
// to be shown once.
func (s *Service) ResetPassword(ctx context.Context, actor Actor, id int64, reset2FA bool) (string, error) {
	if !isAdmin(actor) {
		return "", forbidden("forbidden_role", "only administrators manage accounts")
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		return "", err
	}
	password := auth.TemporaryPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", err
	}
	obj := "user/" + text.Fold(u.Username)
	if _, err := s.db.SetPassword(ctx, u.ID, hash, u.Role != admin.RolePress, s.event(actor, "user.password_reset", obj, "")); err != nil {
		return "", err
	}
	if reset2FA {
		if err := s.db.SetTOTP(ctx, u.ID, "", s.event(actor, "user.2fa_reset", obj, "")); err != nil {
			return "", err
		}
	}
	return password, nil
}

// ChangePassword sets the actor's own password, after checking the current
// one and the password policy. The actor's other sessions end; the new
// session epoch is returned for the session that made the change.
func (s *Service) ChangePassword(ctx context.Context, actor Actor, current, next string) (int64, error) {
	if actor.User == nil || actor.User.ID == 0 {
		return 0, forbidden("forbidden", "sign in first")
	}
	u, err := s.db.UserByID(ctx, actor.User.ID)
	if err != nil {
		return 0, err
	}
	if !auth.CheckPassword(current, u.PasswordHash) {
		return 0, invalid("current_password", "current_password_wrong", "the current password is not right")
	}
	if next == current {
		return 0, invalid("password", "password_same", "choose a password other than the current one")
	}
	if e := auth.CheckStrength(next, u.Username, u.FullName, u.Email); e != nil {
		return 0, e
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return 0, err
	}
	return s.db.SetPassword(ctx, u.ID, hash, false, s.event(actor, "user.password_change", "user/"+text.Fold(u.Username), ""))
}

// UpdateProfile changes what the actor's own account says of them.
func (s *Service) UpdateProfile(ctx context.Context, actor Actor, p Person) (*admin.User, error) {
	if actor.User == nil || actor.User.ID == 0 {
		return nil, forbidden("forbidden", "sign in first")
	}
	if err := checkPerson(&p); err != nil {
		return nil, err
	}
	u, err := s.db.UserByID(ctx, actor.User.ID)
	if err != nil {
		return nil, err
	}
	before := describeUser(u)
	u.FullName, u.Email, u.Phone, u.Position = p.FullName, p.Email, p.Phone, p.Position
	if err := s.db.UpdateUser(ctx, u, s.event(actor, "user.profile", "user/"+text.Fold(u.Username), before+" -> "+describeUser(u))); err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists the accounts; only administrators may.
func (s *Service) Users(ctx context.Context, actor Actor) ([]*admin.User, error) {
	if !isAdmin(actor) {
		return nil, forbidden("forbidden_role", "only administrators manage accounts")
	}
	return s.db.Users(ctx)
}
