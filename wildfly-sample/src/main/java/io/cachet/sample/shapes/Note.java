package io.cachet.sample.shapes;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;

/** A JAXB class, written as XML (JSON-B could not read its attribute back). */
@XmlRootElement(name = "note")
@XmlAccessorType(XmlAccessType.FIELD)
public class Note {
    @XmlAttribute
    int id;
    @XmlElement
    String text;

    public Note() {
    }

    public Note(int id, String text) {
        this.id = id;
        this.text = text;
    }
}
