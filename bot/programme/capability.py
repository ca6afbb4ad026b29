"""Running the programme: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.programme import service
from bot.programme.commands import (
    AddTheme,
    ListThemes,
    RemoveTheme,
    SetChannel,
    SetLanguage,
    SetRole,
    SetTimezone,
    ShowSettings,
    WelcomeMember,
)
from bot.programme.grammar import CHORUS_WORDS
from bot.programme.welcome import welcome_member

PROGRAMME = Capability(
    "programme",
    handlers={
        ListThemes: service.list_themes,
        AddTheme: service.add_theme,
        RemoveTheme: service.remove_theme,
        SetChannel: service.set_channel,
        SetRole: service.set_role,
        SetLanguage: service.set_language,
        SetTimezone: service.set_timezone,
        ShowSettings: service.show_settings,
        WelcomeMember: welcome_member,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus theme list",
            N_("see the programme's themes"),
            "/chorus theme list",
            ListThemes,
            ("themes", "ideas"),
        ),
        HelpLine(
            "/chorus language da",
            N_("speak Danish with me (en, da or nl)"),
            "/chorus language da",
            SetLanguage,
            ("settings",),
        ),
        HelpLine(
            "/chorus timezone Europe/Amsterdam",
            N_("show times in your time zone"),
            "/chorus timezone Europe/Amsterdam",
            SetTimezone,
            ("settings",),
        ),
        HelpLine(
            "/chorus settings",
            N_("see the programme's settings and yours"),
            "/chorus settings",
            ShowSettings,
            ("settings",),
        ),
        HelpLine(
            "/chorus channel",
            N_("make the channel you type it in the ambassador channel"),
            "/chorus channel",
            SetChannel,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus theme add NAME",
            N_("add a theme (5-10 work best)"),
            "/chorus theme add open-banking",
            AddTheme,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus theme remove NAME",
            N_("remove a theme"),
            "/chorus theme remove open-banking",
            RemoveTheme,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus promote @name",
            N_("make a member a coordinator (/chorus demote @name undoes it)"),
            "/chorus promote @bente",
            SetRole,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus language workspace da",
            N_("set the programme's language (en, da, nl)"),
            "/chorus language workspace da",
            SetLanguage,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus timezone workspace Europe/Copenhagen",
            N_("set the programme's time zone"),
            "/chorus timezone workspace Europe/Copenhagen",
            SetTimezone,
            (COORDINATORS,),
        ),
    ),
    topics=(
        HelpTopic(
            "themes",
            N_("Themes"),
            intro=N_(
                "Themes are the few things the company wants to be known for. Add them to an idea with #, for example: /idea Three lessons from our cloud migration #engineering"
            ),
        ),
        HelpTopic("settings", N_("Your settings"), overview=50),
        HelpTopic(COORDINATORS, N_("For coordinators"), overview=90, coordinators_only=True),
    ),
    events=(WelcomeMember,),
)
