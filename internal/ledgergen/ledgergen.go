// Package ledgergen makes random registers of requests whose events the
// law allows, for the property tests and benchmarks of the ledger, the
// store and the web application.
package ledgergen

import (
	"fmt"
	"math/rand/v2"

	"nianbao"
	"nianbao/ledger"
)

// Options shape a register.
type Options struct {
	From, To nianbao.Date // receipt dates fall between
	// OpenShare is the share of requests left open (0.1 if zero; 1 for
	// all, -1 for none but those whose course runs past the last day).
	OpenShare float64
}

// Requests returns n requests received between o.From and o.To, each with
// a random course of events checked by ledger.Add on env (env.AsOf is the
// last day any event may fall on), numbered 1…n.
func Requests(rng *rand.Rand, n int, o Options, env ledger.Env) []*nianbao.Request {
	open := o.OpenShare
	if open == 0 {
		open = 0.1
	}
	out := make([]*nianbao.Request, 0, n)
	span := int(o.To-o.From) + 1
	for i := range n {
		r := &nianbao.Request{ID: int64(i + 1), Number: fmt.Sprintf("依申请-%06d", i+1)}
		rec := nianbao.Event{Kind: nianbao.EventReceived, Date: o.From.Add(rng.IntN(span)),
			Channel: nianbao.Channels[rng.IntN(len(nianbao.Channels))], Applicant: applicant(rng),
			ApplicantName: fmt.Sprintf("申请人%d", rng.IntN(n/3+1)), Subject: "随机生成的申请"}
		if rng.IntN(20) == 0 {
			rec.Items = 2 + rng.IntN(3)
		}
		r.Events = []nianbao.Event{rec}
		var err error
		if r.Clock, rec, err = ledger.Add(nil, rec, env); err != nil {
			panic(err)
		}
		r.Events[0] = rec
		course(rng, r, env, rng.Float64() < open)
		out = append(out, r)
	}
	return out
}

// applicant draws an applicant class, natural persons the most.
func applicant(rng *rand.Rand) nianbao.Column {
	if rng.IntN(3) > 0 {
		return nianbao.NaturalPerson
	}
	return nianbao.Column(1 + rng.IntN(int(nianbao.ColumnTotal)-1))
}

// course adds events until the request is concluded, each a few days
// after the last; an event the law refuses is dropped, as a person would
// correct it. A request to be left open gets at most an extension.
func course(rng *rand.Rand, r *nianbao.Request, env ledger.Env, open bool) {
	if open {
		if rng.IntN(4) == 0 {
			ev := nianbao.Event{Kind: nianbao.EventExtended, Date: r.Events[0].Date.Add(10)}
			ev.ApprovedOn = ev.Date
			add(r, ev, env)
		}
		return
	}
	outcomes := nianbao.OutcomeRows()
	for step := 0; step < 8 && r.Clock.State != nianbao.StateConcluded; step++ {
		last := r.Events[len(r.Events)-1].Date
		date := last.Add(rng.IntN(25))
		if date > env.AsOf {
			return
		}
		ev := nianbao.Event{Date: date}
		switch r.Clock.State {
		case nianbao.StateCorrection:
			switch rng.IntN(6) {
			case 0:
				ev.Kind = nianbao.EventCorrectionLapsed
				ev.Date = last.Add(30)
			case 1:
				ev.Kind = nianbao.EventWithdrawn
			default:
				ev.Kind = nianbao.EventCorrectionReceived
			}
		case nianbao.StateConsultation:
			ev.Kind = nianbao.EventConsultationAnswered
			if rng.IntN(4) == 0 {
				ev.Kind, ev.Date = nianbao.EventConsultationLapsed, last.Add(30)
			}
		case nianbao.StateFee:
			ev.Kind = nianbao.EventFeePaid
			if rng.IntN(3) == 0 {
				ev.Kind, ev.Date = nianbao.EventFeeLapsed, last.Add(35)
			}
		default:
			switch k := rng.IntN(20); {
			case k < 2 && step == 0:
				ev.Kind, ev.Reason, ev.Date = nianbao.EventCorrectionSent, nianbao.CorrectionContent, last.Add(rng.IntN(12))
			case k < 4:
				ev.Kind, ev.Party, ev.PartyKind = nianbao.EventConsultationSent, "第三方", nianbao.PartyThird
			case k < 5:
				ev.Kind, ev.ApprovedOn = nianbao.EventExtended, date
			case k < 6:
				units := 31 + rng.IntN(300)
				amount, _ := ledger.FeeFor(nianbao.FeePerPage, units)
				ev.Kind, ev.Fee = nianbao.EventFeeNotice, &nianbao.Fee{Basis: nianbao.FeePerPage, Units: units, Amount: amount}
			case k < 7:
				ev.Kind = nianbao.EventWithdrawn
			case k < 8:
				ev.Kind, ev.ForwardedTo = nianbao.EventForwarded, "有关机关"
			default:
				ev.Kind, ev.Outcome = nianbao.EventAnswered, outcomes[rng.IntN(len(outcomes))]
				if rng.IntN(2) == 0 {
					ev.Outcome = nianbao.Granted
				}
			}
		}
		if ev.Date > env.AsOf {
			return
		}
		add(r, ev, env)
	}
}

// add adds ev to r when the law allows it.
func add(r *nianbao.Request, ev nianbao.Event, env ledger.Env) {
	if ev.Date > env.AsOf {
		return
	}
	c, added, err := ledger.Add(r.Events, ev, env)
	if err != nil {
		return
	}
	r.Events = append(r.Events, added)
	r.Clock = c
}

// Summarize is a request as table 三 and the statistics count it, as the
// store's summary columns hold it: for tests that count without a store.
func Summarize(r *nianbao.Request) nianbao.RequestSummary {
	s := nianbao.RequestSummary{ID: r.ID, Items: 1, Received: r.Clock.Received, Concluded: r.Clock.Concluded,
		Outcome: r.Clock.Outcome, Withdrawn: r.Clock.Withdrawn, ElapsedWD: r.Clock.ElapsedWD, Late: r.Clock.Late,
		Extended: r.Clock.Extended, Corrected: r.Clock.Corrected, Fee: r.Clock.FeeCharged, FeePaidOn: r.Clock.FeePaidOn}
	if ev := r.Received(); ev != nil {
		s.Applicant = ev.Applicant
		s.Items = max(1, ev.Items)
	}
	return s
}
