from app.core.speaker_names import PersonName


def test_titles_in_front_and_suffixes_are_not_the_name():
    assert PersonName.parse("NATO Secretary-General Jens Stoltenberg").key == "jens stoltenberg"
    assert PersonName.parse("Sen. Ben Sasse").key == "ben sasse"
    assert PersonName.parse("Martin Luther King Jr.").key == "martin luther king"
    # a title word at the end is the name itself ("King"), not a title in front of it
    assert PersonName.parse("Prince").key == "prince"


def test_same_person_needs_the_surname_and_a_compatible_given_name():
    jens = PersonName.parse("Jens Stoltenberg")
    assert jens.same_person(PersonName.parse("J. Stoltenberg"))
    assert jens.same_person(PersonName.parse("Stoltenberg"))
    assert not PersonName.parse("Hillary Clinton").same_person(PersonName.parse("Bill Clinton"))
    assert not jens.same_person(PersonName.parse("Jens Weidmann"))
    assert PersonName.parse("Stoltenberg").given is None
