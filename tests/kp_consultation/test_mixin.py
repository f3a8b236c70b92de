import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kp_consultation.mixins import ConsultationPageMixin, ConsultationState

PRAGUE = ZoneInfo("Europe/Prague")


class Consulted(ConsultationPageMixin):
    class Meta:
        app_label = "kp_consultation"
        abstract = True


def make(start=None, end=None, settled=None):
    page = Consulted.__new__(Consulted)
    page.comment_period_start, page.comment_period_end = start, end
    page.comments_settled_at = settled
    return page


START = dt.datetime(2026, 3, 1, 0, 0, tzinfo=PRAGUE)
END = dt.datetime(2026, 4, 1, 0, 0, tzinfo=PRAGUE)  # the change to summer time lies inside


@pytest.mark.parametrize(
    "now,state",
    [
        (START - dt.timedelta(seconds=1), ConsultationState.UPCOMING),
        (START, ConsultationState.OPEN),
        (END - dt.timedelta(seconds=1), ConsultationState.OPEN),
        (END, ConsultationState.CLOSED),
        (END + dt.timedelta(days=30), ConsultationState.CLOSED),
    ],
)
def test_state_at_the_boundaries(now, state):
    assert make(START, END).consultation_state(now) == state


def test_boundary_is_judged_as_an_instant_whatever_the_zone_of_now():
    end_in_utc = END.astimezone(dt.UTC)
    assert make(START, END).consultation_state(end_in_utc - dt.timedelta(seconds=1)) == "open"
    assert make(START, END).consultation_state(end_in_utc) == "closed"


def test_settled_wins_and_unscheduled_is_explicit():
    assert make(START, END, settled=END).consultation_state(START) == ConsultationState.SETTLED
    assert make().consultation_state(START) == ConsultationState.NOT_SCHEDULED


def test_time_left_only_while_open():
    page = make(START, END)
    assert page.time_left(END - dt.timedelta(hours=2)) == dt.timedelta(hours=2)
    assert page.time_left(END) is None


@pytest.mark.parametrize("start,end", [(START, None), (END, START), (START, START)])
def test_invalid_periods_are_refused(start, end):
    page = make(start, end)
    with pytest.raises(ValidationError) as error:
        ConsultationPageMixin.clean(page)
    assert "comment_period_end" in error.value.message_dict
