package match

type tmpMeta struct {
	Agency      string
	Year        int
	PublishedOn string
}

func metaRead(string) tmpMeta { return tmpMeta{} }
