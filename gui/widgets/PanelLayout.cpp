#include "PanelLayout.h"

#include <QGroupBox>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace aviary::gui {

QGroupBox* PanelLayout::titled(const QString& title, QWidget* content) {
  auto* box = new QGroupBox(title);
  (new QVBoxLayout(box))->addWidget(content);
  return box;
}

QScrollArea* PanelLayout::scrolling(QWidget* content) {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setWidget(content);
  return scroll;
}

void PanelLayout::fillScrolling(QWidget* tab, QWidget* content) {
  auto* layout = new QVBoxLayout(tab);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scrolling(content));
}

QSplitter* PanelLayout::sideBySide(QWidget* left, QWidget* right, int leftShare, int rightShare) {
  auto* splitter = new QSplitter;
  splitter->addWidget(left);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, leftShare);
  splitter->setStretchFactor(1, rightShare);
  return splitter;
}

}  // namespace aviary::gui
