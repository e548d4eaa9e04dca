import AgoraExports
import Testing

struct XMLTextTests {
    @Test func markupCharactersAreEscapedInContent() {
        #expect(XMLText.escaped(#"a < b && c > "d" ]]> 'e'"#, inAttribute: false)
                == #"a &lt; b &amp;&amp; c &gt; "d" ]]&gt; 'e'"#)
    }

    @Test func attributesAlsoEscapeQuotesAndWhitespaceThatNormalisationWouldEat() {
        #expect(XMLText.escaped("say \"hi\"\tand\nbye\r", inAttribute: true)
                == "say &quot;hi&quot;&#9;and&#10;bye&#13;")
        #expect(XMLText.escaped("line\nnext\ttab\r", inAttribute: false) == "line\nnext\ttab&#13;")
    }

    @Test func accentsAndEmojiPassThroughByteForByte() {
        let text = "Nündel-Petsch · Städte · Œuvre · Großregion · 👩🏽‍⚕️ · ½"
        #expect(XMLText.escaped(text, inAttribute: false) == text)
        #expect(XMLText.escaped(text, inAttribute: true) == text)
    }

    /// XML 1.0 §2.2: these cannot appear in a document at all, not even as `&#1;`.
    @Test func charactersXMLForbidsBecomeTheReplacementCharacter() {
        #expect(XMLText.escaped("a\u{01}b\u{1F}c\u{FFFE}d\u{FFFF}e\u{FFFD}", inAttribute: false)
                == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}")
        #expect(XMLText.escaped("\u{EFFF}\u{F000}", inAttribute: false) == "\u{EFFF}\u{F000}")
    }

    @Test func writerNestsClosesAndEscapes() {
        var writer = XMLWriter()
        writer.start("schedule")
        writer.element("title", "R&D <2025>", ["lang": "de \"x\""])
        writer.element("empty", "")
        writer.start("day", ["index": "1"])
        let bytes = writer.finish()
        #expect(String(decoding: bytes, as: UTF8.self) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <schedule>
              <title lang="de &quot;x&quot;">R&amp;D &lt;2025&gt;</title>
              <empty/>
              <day index="1">
              </day>
            </schedule>

            """)
    }
}
