#pragma once

#include <QGroupBox>
#include <QScrollArea>
#include <QSplitter>
#include <QString>

namespace aviary::gui {

// The few layouts every workbench tab repeats, so the tabs and the sources' views look alike:
// a titled box around one widget, a column that scrolls, and two panes side by side.
class PanelLayout {
 public:
  // A group box titled `title` holding `content`.
  static QGroupBox* titled(const QString& title, QWidget* content);
  // `content` in a scroll area that resizes it to its width.
  static QScrollArea* scrolling(QWidget* content);
  // Fills `tab` edge to edge with `content`, scrolling when it is taller than the tab.
  static void fillScrolling(QWidget* tab, QWidget* content);
  // Two panes side by side that share extra width `leftShare` : `rightShare`.
  static QSplitter* sideBySide(QWidget* left, QWidget* right, int leftShare, int rightShare);
};

}  // namespace aviary::gui
