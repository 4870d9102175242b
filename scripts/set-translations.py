"""Set translations in the zh_Hans catalogue: python po_set.py 'msgid' 'msgstr' ..."""
import sys
from babel.messages.pofile import read_po, write_po
P="/work/main/hatchway/locale/zh_Hans/LC_MESSAGES/django.po"
cat=read_po(open(P,"rb"))
args=sys.argv[1:]
for mid, mstr in zip(args[::2], args[1::2]):
    m=cat[mid]; assert m is not None, mid
    m.string=mstr; m.flags.discard("fuzzy"); m.previous_id=[]
with open(P,"wb") as f: write_po(f, cat, width=0, include_previous=False)
