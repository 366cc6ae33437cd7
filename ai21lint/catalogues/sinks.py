"""Where generated text can go: public posting APIs, message-sending APIs, and the places that show text to a person.

A sink is matched on the resolved receiver (the package its value comes from, e.g. `tweepy`) and the method called
(`create_tweet`). Receivers that are parameters of a bot framework's handler (`update` in a python-telegram-bot
handler) carry that framework's package. Users extend these lists in `[tool.ai21lint]` (see the README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai21lint.catalogues import sources


@dataclass(frozen=True)
class Sink:
    family: str
    roots: frozenset[str]  # package roots of the receiver
    methods: frozenset[str]  # the method (or function) called


def _sink(family: str, roots: str, methods: str) -> Sink:
    return Sink(family, frozenset(roots.split()), frozenset(methods.split()))


# Guideline 2.i: public websites and platforms (AIS201).
POSTING_SINKS: tuple[Sink, ...] = (
    _sink("X/Twitter (tweepy)", "tweepy", "create_tweet update_status update_status_with_media"),
    _sink("Reddit (praw)", "praw asyncpraw", "submit reply submit_image submit_link"),
    _sink("Mastodon", "mastodon", "status_post toot status_reply"),
    _sink("Bluesky (atproto)", "atproto", "send_post send_image send_images"),
    _sink("Facebook (facebook-sdk)", "facebook", "put_object put_wall_post put_comment put_photo"),
    _sink(
        "Tumblr (pytumblr)", "pytumblr", "create_text create_photo create_quote create_link create_chat create_video"
    ),
    _sink("Instagram (instagrapi)", "instagrapi", "photo_upload video_upload clip_upload album_upload igtv_upload"),
    _sink(
        "GitHub comments (PyGithub)", "github", "create_comment create_issue_comment create_review_comment create_issue"
    ),
    _sink("LinkedIn", "linkedin_api linkedin", "post submit_share make_post"),
)

# Telegram messages are public only when addressed to a channel by its @username.
TELEGRAM_ROOTS = frozenset({"telegram", "telebot", "aiogram", "pyrogram"})
TELEGRAM_SEND_METHODS = frozenset({"send_message", "send_photo", "send_document", "send_video", "sendMessage"})

# Public HTTP APIs: a POST whose URL matches, with a payload condition for WordPress (only "publish" is public).
PUBLIC_HTTP_ENDPOINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("X/Twitter API", re.compile(r"api\.(?:twitter|x)\.com/\d+(?:\.\d+)?/(?:tweets|statuses/update)")),
    ("LinkedIn API", re.compile(r"api\.linkedin\.com/(?:v2/(?:ugcPosts|shares|posts)|rest/posts)")),
    ("Facebook Graph API", re.compile(r"graph\.facebook\.com/.*?/(?:feed|comments|photos)\b")),
    ("Reddit API", re.compile(r"oauth\.reddit\.com/api/(?:submit|comment)")),
    ("Mastodon API", re.compile(r"/api/v1/statuses\b")),
    ("Medium API", re.compile(r"api\.medium\.com/v1/(?:users|publications)/[^/]+/posts")),
    ("Telegram Bot API", re.compile(r"api\.telegram\.org/bot[^/]*/send(?:Message|Photo)")),
    ("WordPress REST API", re.compile(r"/wp-json/wp/v2/(?:posts|pages)\b")),
)
HTTP_POST_ROOTS = frozenset({"requests", "httpx", "aiohttp", "urllib3"})

# Guideline 1.ii: messages to people, which become bulk messaging when sent in a loop over recipients (AIS102).
SEND_SINKS: tuple[Sink, ...] = (
    _sink("email (smtplib)", "smtplib aiosmtplib", "sendmail send_message send"),
    _sink("email (Django)", "django", "send_mail send_mass_mail mail_admins mail_managers send send_messages"),
    _sink("email (Flask-Mail)", "flask_mail", "send send_message"),
    _sink("email (SendGrid)", "sendgrid", "send post"),
    _sink("email (yagmail)", "yagmail", "send"),
    _sink("email (Mailchimp/Mandrill)", "mailchimp_transactional mandrill", "send"),
    _sink("SMS (Twilio)", "twilio", "create"),
    _sink(
        "email/SMS (AWS)", "boto3 aioboto3", "send_email send_raw_email send_templated_email publish send_text_message"
    ),
    _sink("Slack message", "slack_sdk slack_bolt slack", "chat_postMessage chat_postEphemeral chat_scheduleMessage"),
    _sink("Discord message", "discord nextcord interactions", "send create_dm"),
    _sink("Telegram message", "telegram telebot aiogram pyrogram", "send_message send_photo"),
)
MASS_SEND_METHODS = frozenset({"send_mass_mail", "send_messages"})
# Who a message goes to: the receiver for these methods (`member.send(text)`), otherwise the arguments that are not
# the message itself. A loop sends to many recipients only when the recipient changes with it.
RECIPIENT_ARGUMENTS = frozenset(
    {
        "to",
        "to_emails",
        "to_addrs",
        "to_addr",
        "recipients",
        "recipient_list",
        "recipient",
        "channel",
        "chat_id",
        "user",
        "user_id",
        "users",
        "email",
        "address",
        "phone",
        "phone_number",
        "PhoneNumber",
        "Destination",
        "number",
        "target",
        "member",
    }
)
RECEIVER_IS_RECIPIENT = frozenset({"send", "reply", "reply_text", "reply_to", "say", "respond", "answer", "create_dm"})
CONTENT_ARGUMENTS = frozenset(
    {
        "text",
        "content",
        "body",
        "message",
        "msg",
        "html",
        "html_content",
        "plain_text_content",
        "subject",
        "blocks",
        "embed",
        "embeds",
        "caption",
        "parse_mode",
        "attachments",
        "Message",
        "fail_silently",
        "from_email",
        "from_",
        "sender",
        "from_addr",
        "Source",
    }
)
MAILING_HTTP_ENDPOINTS = re.compile(
    r"api\.(?:eu\.)?mailgun\.net/v3/.+/messages|api\.sendgrid\.com/v3/mail/send|"
    r"api\.twilio\.com/.+/Messages|api\.postmarkapp\.com/email"
)

# Guideline 2.ii: places that show text to a person (AIS202), besides what a web or UI handler returns.
PRESENTATION_SINKS: tuple[Sink, ...] = (
    _sink(
        "Streamlit",
        "streamlit",
        "write markdown text info success warning error code caption write_stream json title header subheader "
        "text_area toast latex",
    ),
    _sink(
        "Telegram reply",
        "telegram telebot aiogram pyrogram",
        "reply_text reply_markdown reply_markdown_v2 reply_html send_message reply_to answer reply "
        "edit_message_text edit_text edit_message_text",
    ),
    _sink("Discord reply", "discord nextcord interactions", "send reply send_message edit_original_response followup"),
    _sink("Slack reply", "slack_bolt slack_sdk", "say respond chat_postMessage chat_update chat_postEphemeral"),
    _sink("Chainlit", "chainlit", "send stream_token update"),
    _sink("WebSocket reply", "fastapi starlette", "send_text send_json send"),
)

# Frameworks whose handlers' return values are shown to a person: web frameworks and UI toolkits.
BOT_AND_CLI_FRAMEWORKS = frozenset(
    {
        "telebot",
        "telegram",
        "aiogram",
        "pyrogram",
        "discord",
        "nextcord",
        "interactions",
        "slack_bolt",
        "botbuilder",
        "chainlit",
        "click",
        "typer",
        "fire",
        "aws_lambda_powertools",
    }
)
RESPONDING_FRAMEWORKS = (sources.FRAMEWORK_ROOTS - BOT_AND_CLI_FRAMEWORKS) | {"rest_framework", "ninja"}

# Objects that define a user-facing app: where AIS203 points.
APP_CONSTRUCTORS = frozenset(
    {
        "flask.Flask",
        "fastapi.FastAPI",
        "quart.Quart",
        "sanic.Sanic",
        "bottle.Bottle",
        "starlette.applications.Starlette",
        "litestar.Litestar",
        "gradio.Interface",
        "gradio.ChatInterface",
        "gradio.Blocks",
        "gradio.TabbedInterface",
        "telegram.ext.Application.builder",
        "telegram.ext.ApplicationBuilder",
        "telegram.ext.Updater",
        "telebot.TeleBot",
        "telebot.async_telebot.AsyncTeleBot",
        "discord.Client",
        "discord.Bot",
        "discord.ext.commands.Bot",
        "slack_bolt.App",
        "slack_bolt.async_app.AsyncApp",
        "aiogram.Dispatcher",
        "aiogram.Bot",
        "chalice.Chalice",
    }
)
